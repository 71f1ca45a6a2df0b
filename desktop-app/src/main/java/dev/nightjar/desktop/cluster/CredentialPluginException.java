package dev.nightjar.desktop.cluster;

/**
 * A kubeconfig credential plugin did not give a credential: it failed, timed out, was
 * cancelled, or printed something that is not an ExecCredential. The message names the
 * plugin, says what happened (with the end of its standard error) and what to do; it is a
 * login problem, never a permission problem, and is meant to be shown as it is.
 */
public final class CredentialPluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How the run ended. */
    public enum Kind {
        /** Exited with a non-zero status. */
        FAILED,
        /** Did not finish in time; it was stopped. */
        TIMED_OUT,
        /** The user cancelled; it was stopped. */
        CANCELLED,
        /** Exited 0 but its standard output is not a usable ExecCredential. */
        BAD_OUTPUT,
        /** Needs a terminal for input ({@code interactiveMode: Always}), which a desktop app has not. */
        NEEDS_TERMINAL,
        /** Could not be started at all. */
        NOT_STARTED
    }

    private final Kind kind;

    public CredentialPluginException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CredentialPluginException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
