package dev.nightjar.sensor.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The names of the objects the build compiled for one architecture: the jar's
 * (target/classes/bpf/ARCH) and the test-only ones (target/test-classes/bpf/ARCH).
 */
public final class EmbeddedObjectNames {

    private EmbeddedObjectNames() {
    }

    public static List<String> of(BpfArch arch) {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL dir : Collections.list(EmbeddedBpfObjects.class.getClassLoader()
                    .getResources("bpf/" + arch.directory()))) {
                if (!"file".equals(dir.getProtocol())) {
                    throw new AssertionError("expected a class path directory, got " + dir);
                }
                try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".bpf.o"))
                            .forEach(n -> names.add(n.substring(0, n.length() - ".bpf.o".length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(names);
    }
}
