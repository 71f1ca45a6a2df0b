package dev.nightjar.desktop.stream;

import java.time.Instant;

/**
 * Where a sensor stream stands, in words for the session bar.
 *
 * @param detail what is happening or went wrong, e.g. "lost the stream (UNAVAILABLE: io exception); retrying in 2 s"
 */
public record StreamState(Phase phase, String detail, Instant since) {

    public enum Phase {
        CONNECTING,
        STREAMING,
        /** The stream broke; another attempt is scheduled. The gap is visible in the store. */
        RECONNECTING,
        /** Retrying cannot help (e.g. a wrong token); the detail says what to do. */
        FAILED,
        STOPPED
    }
}
