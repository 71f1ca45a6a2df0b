package dev.nightjar.sensor.requests.parse;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the parsers could not turn into requests, cumulative since the sensor started: bytes
 * skipped as unparseable, connections whose protocol was never recognised or that were given
 * up on, connections evicted from the bounded table, and exchanges counted in the overflow row
 * of a full stats interval. Written by the capture's thread, readable from any.
 */
public final class ParseCounters {

    private final LongAdder unparsedBytes = new LongAdder();
    private final LongAdder unparsedConnections = new LongAdder();
    private final LongAdder evictedConnections = new LongAdder();
    private final LongAdder statsOverflow = new LongAdder();
    private final LongAdder unmatchedResponses = new LongAdder();

    public void unparsedBytes(long count) {
        if (count > 0) {
            unparsedBytes.add(count);
        }
    }

    public void unparsedConnection() {
        unparsedConnections.increment();
    }

    public void evictedConnection() {
        evictedConnections.increment();
    }

    public void statsOverflow() {
        statsOverflow.increment();
    }

    /** A response whose request was not seen (a connection joined mid-stream). */
    public void unmatchedResponse() {
        unmatchedResponses.increment();
    }

    public long unparsedBytesTotal() {
        return unparsedBytes.sum();
    }

    public long unparsedConnectionsTotal() {
        return unparsedConnections.sum();
    }

    public long evictedConnectionsTotal() {
        return evictedConnections.sum();
    }

    public long statsOverflowTotal() {
        return statsOverflow.sum();
    }

    public long unmatchedResponsesTotal() {
        return unmatchedResponses.sum();
    }
}
