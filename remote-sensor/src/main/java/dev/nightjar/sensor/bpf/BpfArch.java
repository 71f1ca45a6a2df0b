package dev.nightjar.sensor.bpf;

import java.util.Locale;

/**
 * The architectures the sensor jar carries eBPF objects for. CO-RE objects are
 * compiled per architecture ({@code __TARGET_ARCH_*} decides how bpf_tracing.h
 * reads registers, and each is compiled against its own vmlinux.h), so the
 * sensor must open the set built for the machine it runs on.
 */
public enum BpfArch {
    /** {@code -D__TARGET_ARCH_x86}, bpf/vmlinux/x86_64. */
    X86_64("x86_64"),
    /** {@code -D__TARGET_ARCH_arm64}, bpf/vmlinux/aarch64. */
    AARCH64("aarch64");

    private final String directory;

    BpfArch(String directory) {
        this.directory = directory;
    }

    /** The jar's directory for this architecture's objects: the kernel's name for it ({@code uname -m}). */
    public String directory() {
        return directory;
    }

    /** The architecture of this JVM's {@code os.arch}. */
    public static BpfArch ofThisJvm() {
        return of(System.getProperty("os.arch", ""));
    }

    /**
     * @param osArch a value of {@code os.arch} (amd64, aarch64) or the kernel's name (x86_64, arm64)
     * @throws IllegalStateException for an architecture the jar has no objects for
     */
    public static BpfArch of(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new IllegalStateException("the sensor carries eBPF programs for x86_64 and arm64 (aarch64)"
                    + " only, and this JVM runs on '" + osArch + "' (os.arch). Run the sensor on an x86_64 or"
                    + " arm64 node.");
        };
    }
}
