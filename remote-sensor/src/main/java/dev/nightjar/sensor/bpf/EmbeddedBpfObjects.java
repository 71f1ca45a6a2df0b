package dev.nightjar.sensor.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The compiled eBPF objects that the build puts into the sensor jar under
 * {@code /bpf/ARCH/NAME.bpf.o}, one set per {@link BpfArch} (remote-sensor/bpf-objects.xml).
 * They are handed to libbpf as bytes, so nothing is ever written to the node's disk.
 */
public final class EmbeddedBpfObjects {

    private static final int MAX_OBJECT_BYTES = 16 * 1024 * 1024;

    private EmbeddedBpfObjects() {
    }

    /**
     * The resource path of an object, e.g. {@code X86_64, drop_reasons} →
     * {@code /bpf/x86_64/drop_reasons.bpf.o}.
     */
    public static String resourcePath(BpfArch arch, String name) {
        return "/bpf/" + arch.directory() + "/" + name + ".bpf.o";
    }

    /**
     * Reads one embedded object, compiled for the architecture this JVM runs on.
     *
     * @throws IllegalStateException if the jar was built without it (a build without clang),
     *         or has no objects for this architecture
     */
    public static byte[] read(String name) {
        return read(BpfArch.ofThisJvm(), name);
    }

    /**
     * Reads one embedded object compiled for {@code arch}.
     *
     * @throws IllegalStateException if the jar was built without it (a build without clang)
     */
    public static byte[] read(BpfArch arch, String name) {
        String path = resourcePath(arch, name);
        try (InputStream in = EmbeddedBpfObjects.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("eBPF object " + path + " is not in the sensor jar;"
                        + " it was built without clang. Rebuild with clang and libbpf-dev installed.");
            }
            byte[] bytes = in.readNBytes(MAX_OBJECT_BYTES + 1);
            if (bytes.length > MAX_OBJECT_BYTES) {
                throw new IllegalStateException("eBPF object " + path + " is larger than " + MAX_OBJECT_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read eBPF object " + path, e);
        }
    }
}
