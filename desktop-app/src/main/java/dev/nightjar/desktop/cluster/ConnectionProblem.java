package dev.nightjar.desktop.cluster;

/**
 * Why the first call to a cluster failed, in words the user can act on.
 *
 * @param kind the class of failure (what to show an icon or a test for)
 * @param message what went wrong and what to do, one or two sentences
 */
public record ConnectionProblem(Kind kind, String message) {

    public enum Kind {
        UNREACHABLE,
        TLS_UNKNOWN_AUTHORITY,
        TLS_HOSTNAME_MISMATCH,
        TLS_OTHER,
        UNAUTHORIZED,
        CREDENTIAL_PLUGIN_MISSING,
        CREDENTIAL_PLUGIN_FAILED,
        FORBIDDEN,
        OTHER
    }
}
