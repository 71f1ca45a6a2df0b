package dev.nightjar.desktop.cluster;

/**
 * Something the user should know before picking a node.
 *
 * @param message what and why, fit to show as it is; its part before the first ": " is the headline
 */
public record NodeWarning(Kind kind, String message) {

    /** The message up to its first ": " ("Node w-3 runs Windows"), for a one-line summary. */
    public String headline() {
        int colon = message.indexOf(": ");
        return colon < 0 ? message.replaceFirst("\\.$", "") : message.substring(0, colon);
    }

    public enum Kind {
        /** The sensor cannot run there at all. */
        BLOCKING,
        /** The sensor runs, with some features off. */
        DEGRADED,
        /** Worth knowing, nothing is lost. */
        NOTE
    }
}
