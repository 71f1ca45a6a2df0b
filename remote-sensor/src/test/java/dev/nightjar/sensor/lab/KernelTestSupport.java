package dev.nightjar.sensor.lab;

import dev.nightjar.sensor.libbpf.BpfException;
import dev.nightjar.sensor.libbpf.LibBpf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place with the rule for tests that need the real kernel: without
 * root, BTF, libbpf or a lab tool they are skipped with the reason, except
 * under {@code CI=true}, where they must run and therefore fail.
 */
public final class KernelTestSupport {

    private KernelTestSupport() {
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test, or fails it under CI. */
    public static void unavailable(String reason) {
        if (underCi()) {
            Assertions.fail("CI=true requires this test to run, but: " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Root, kernel BTF and libbpf 1.1+: the binding and its programs can load. */
    public static LibBpf requireBpf() {
        if (!isRoot()) {
            unavailable("needs root to load eBPF programs (uid is not 0)");
        }
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
            unavailable("needs kernel BTF at /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF)");
        }
        try {
            return LibBpf.system();
        } catch (BpfException e) {
            unavailable(e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    /** requireBpf plus the iproute2 and nftables tools the network lab drives. */
    public static LibBpf requireNetworkLab() {
        LibBpf lib = requireBpf();
        for (String tool : List.of("ip", "nft")) {
            if (!onPath(tool)) {
                unavailable("the network lab needs '" + tool + "' (apt-get install iproute2 nftables)");
            }
        }
        return lib;
    }

    public static boolean isRoot() {
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

    private static boolean onPath(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
