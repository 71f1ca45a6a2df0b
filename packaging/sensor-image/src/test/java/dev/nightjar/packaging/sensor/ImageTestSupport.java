package dev.nightjar.packaging.sensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that need this machine's privileges (the same rule as the
 * sensor's KernelTestSupport): without root, BTF or the built archive they are
 * skipped with the reason, except under {@code CI=true}, where they must run and
 * therefore fail.
 */
final class ImageTestSupport {

    private ImageTestSupport() {
    }

    static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test, or fails it under CI. */
    static void unavailable(String reason) {
        if (underCi()) {
            Assertions.fail("CI=true requires this test to run, but: " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Root (mounts, chroot, loading eBPF programs) and kernel BTF (CO-RE). */
    static void requireRootAndBtf() {
        if (!isRoot()) {
            unavailable("needs root to mount, chroot and load eBPF programs (uid is not 0)");
        }
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
            unavailable("needs kernel BTF at /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF)");
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
