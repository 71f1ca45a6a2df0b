package dev.nightjar.protocol.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Linux capability names by bit (include/uapi/linux/capability.h, 0 to 40), as policies name
 * them and SecurityProcess masks carry them (bit n = capability n). One table for the sensor's
 * policy parser and the desktop's pages and exports; Tetragon uses the same names.
 */
public final class CapabilityNames {

    private static final List<String> BY_BIT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private CapabilityNames() {
    }

    /** The name of capability {@code bit}; "CAP_" and the number past the table. */
    public static String name(int bit) {
        return bit >= 0 && bit < BY_BIT.size() ? BY_BIT.get(bit) : "CAP_" + bit;
    }

    /** The bit of a capability name (e.g. CAP_SYS_ADMIN: 21), or -1 for a name not in the table. */
    public static int bit(String name) {
        return BY_BIT.indexOf(name);
    }

    /** The names of a mask's set bits, lowest first. */
    public static List<String> of(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(name(bit));
            }
        }
        return names;
    }
}
