package dev.nightjar.desktop.session;

/**
 * The API server's answer about one {@link RequiredPermission}.
 *
 * @param detail the authorizer's reason, or what went wrong asking
 */
public record PermissionResult(RequiredPermission permission, Verdict verdict, String detail) {

    public enum Verdict {
        ALLOWED,
        DENIED,
        /** The question itself failed (timeout, an API server that does not answer reviews). */
        UNKNOWN
    }
}
