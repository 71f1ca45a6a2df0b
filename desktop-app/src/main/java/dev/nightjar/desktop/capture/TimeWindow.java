package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.PayloadKind;

/**
 * The span of capture time the views show, in sensor nanoseconds since the epoch, both ends
 * inclusive. {@link #ALL} means everything held; the time slider narrows it when replaying.
 */
public record TimeWindow(long fromNs, long toNs) {

    public static final TimeWindow ALL = new TimeWindow(Long.MIN_VALUE, Long.MAX_VALUE);

    public TimeWindow {
        if (fromNs > toNs) {
            throw new IllegalArgumentException("time window ends before it starts: " + fromNs + " > " + toNs);
        }
    }

    public boolean isAll() {
        return fromNs == Long.MIN_VALUE && toNs == Long.MAX_VALUE;
    }

    /**
     * The window's start for the store's unsigned {@code [from, to)} queries
     * ({@link NodeCapture#events(PayloadKind, long, long)}): never below 0.
     */
    public long startNs() {
        return Math.max(0, fromNs);
    }

    /** The window's end as an exclusive bound for the store's queries; saturates at {@code Long.MAX_VALUE}. */
    public long endExclusiveNs() {
        return toNs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, toNs + 1);
    }

    public boolean contains(long ns) {
        return ns >= fromNs && ns <= toNs;
    }
}
