package dev.nightjar.desktop.security;

import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecuritySeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words the Security page, its filter and its export use for a security event's enums and bits. */
public final class SecurityWords {

    /** Severities as the policies' annotation spells them, most severe first. */
    public static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    /** Event kinds as the page shows them (and {@code kind=} takes). */
    public static final List<String> KINDS = List.of("file-open", "exec", "exit", "privilege", "namespace", "syscall",
            "connect", "rate-limit");

    /**
     * Linux capability names by bit (capability.h, 0 to 40); a bit past the table is "CAP_" and its number.
     * Tetragon's export uses the same names.
     */
    private static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private SecurityWords() {
    }

    /** "critical", "warning", "info"; "" when the sensor did not say (a rate-limit summary). */
    public static String severity(SecuritySeverity severity) {
        return switch (severity) {
            case SECURITY_SEVERITY_CRITICAL -> "critical";
            case SECURITY_SEVERITY_WARNING -> "warning";
            case SECURITY_SEVERITY_INFO -> "info";
            default -> "";
        };
    }

    /** One of {@link #KINDS}: what happened, or "rate-limit" for a summary of suppressed events. */
    public static String kind(SecurityEvent event) {
        if (event.getSummary()) {
            return "rate-limit";
        }
        return kind(event.getKind());
    }

    static String kind(SecurityEventKind kind) {
        return switch (kind) {
            case SECURITY_EVENT_KIND_FILE_OPEN -> "file-open";
            case SECURITY_EVENT_KIND_EXEC -> "exec";
            case SECURITY_EVENT_KIND_EXIT -> "exit";
            case SECURITY_EVENT_KIND_PRIVILEGE_CHANGE -> "privilege";
            case SECURITY_EVENT_KIND_NAMESPACE_CHANGE -> "namespace";
            case SECURITY_EVENT_KIND_SENSITIVE_SYSCALL -> "syscall";
            case SECURITY_EVENT_KIND_OUTBOUND_CONNECT -> "connect";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The capability names of a mask's set bits, lowest first. */
    public static List<String> capabilities(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(bit < CAPABILITIES.size() ? CAPABILITIES.get(bit) : "CAP_" + bit);
            }
        }
        return names;
    }
}
