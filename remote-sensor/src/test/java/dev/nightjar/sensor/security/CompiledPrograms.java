package dev.nightjar.sensor.security;

import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test's small C programs (src/test/c), compiled with the system's cc into a temporary
 * directory any user may run them from (a pod's process may drop to nobody); closing deletes them.
 */
final class CompiledPrograms implements AutoCloseable {

    private final Path dir;

    CompiledPrograms() throws IOException {
        Requires.toolsFrom("gcc", "cc");
        dir = Files.createTempDirectory("njsec-programs");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Compiles src/test/c/NAME.c with -O2 and {@code flags}; returns the executable's path. */
    Path compile(String name, String... flags) {
        Path binary = dir.resolve(name);
        List<String> command = new java.util.ArrayList<>(List.of("cc", "-O2"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", binary.toString(), "src/test/c/" + name + ".c"));
        Commands.run(command);
        return binary;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
