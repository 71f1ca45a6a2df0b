package dev.nightjar.desktop.cluster;

/** Something the user should know before picking a node. */
public record NodeWarning(Kind kind, String message) {

    public enum Kind {
        /** The sensor cannot run there at all. */
        BLOCKING,
        /** The sensor runs, with some features off. */
        DEGRADED,
        /** Worth knowing, nothing is lost. */
        NOTE
    }
}
