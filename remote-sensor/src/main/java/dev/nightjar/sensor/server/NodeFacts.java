package dev.nightjar.sensor.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the sensor can tell about the machine it runs on without loading anything. */
public record NodeFacts(String kernelRelease, String architecture, boolean btfPresent) {

    /**
     * @param procRoot the host's /proc (it is {@code /host/proc} inside a pod)
     * @param sysRoot the host's /sys
     */
    public static NodeFacts read(Path procRoot, Path sysRoot) {
        String release;
        try {
            release = Files.readString(procRoot.resolve("sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            release = "unknown (" + procRoot.resolve("sys/kernel/osrelease") + " unreadable: " + e.getMessage() + ")";
        }
        boolean btf = Files.isReadable(sysRoot.resolve("kernel/btf/vmlinux"));
        return new NodeFacts(release, normalizeArch(System.getProperty("os.arch")), btf);
    }

    /** Java says amd64 where the kernel and container registries say x86_64. */
    static String normalizeArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> javaArch;
        };
    }
}
