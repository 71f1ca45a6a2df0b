package dev.nightjar.packaging.sensor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The capabilities this test process could hand down (its bounding set), by name.
 * A sandboxed CI runner may lack some (this machine has no CAP_SYS_RESOURCE), and
 * setpriv cannot grant what the caller does not hold.
 */
final class HostCapabilities {

    private HostCapabilities() {
    }

    /** Lower-case names as setpriv spells them: bpf, sys_ptrace, ... */
    static Set<String> bounding() throws IOException, InterruptedException {
        BigInteger mask = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapBnd:")) {
                mask = new BigInteger(line.substring("CapBnd:".length()).strip(), 16);
            }
        }
        if (mask == null) {
            throw new IOException("/proc/self/status has no CapBnd line");
        }
        // setpriv lists the capabilities the kernel knows in bit order.
        List<String> names = Commands.run(Path.of("/"), List.of("setpriv", "--list-caps"), 10).lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        Set<String> held = new TreeSet<>();
        for (int bit = 0; bit < names.size(); bit++) {
            if (mask.testBit(bit)) {
                held.add(names.get(bit).toLowerCase(Locale.ROOT));
            }
        }
        return held;
    }
}
