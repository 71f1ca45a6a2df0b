package dev.nightjar.desktop.cluster;

/** Connecting failed; the message says what happened and what to do, fit to show as it is. */
public final class ClusterConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    public ClusterConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
