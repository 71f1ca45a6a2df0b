package dev.nightjar.desktop.security;

import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecuritySeverity;
import java.util.List;
import java.util.Locale;

/** The words the Security page, its filter and its export use for a security event's enums */
public final class SecurityWords {

    /** Severities as the policies' annotation spells them, most severe first. */
    public static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    /** Event kinds as the page shows them (and {@code kind=} takes). */
    public static final List<String> KINDS = List.of("file-open", "exec", "exit", "privilege", "namespace", "syscall",
            "connect", "rate-limit");

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
}
