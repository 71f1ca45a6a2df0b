package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.Filter;

/**
 * Where the capture hands socket payload. {@link #chunk}, {@link #closed} and {@link #tick} are
 * called from one thread (the capture's poll thread), so they need no locking; none may block
 * or throw.
 */
public interface SocketChunkSink {

    /**
     * The request settings in force (Filter's request_* fields: the union over the streams that
     * ask for requests). Called from another thread than the rest, before the first chunk and on
     * every change: publish what it takes safely (e.g. one volatile immutable record).
     */
    void configure(Filter requests);

    /** One call's payload, in the order the kernel delivered them per connection. */
    void chunk(SocketChunk chunk);

    /** The socket closed: whatever is pending on it ends now (without a response if none came). */
    void closed(long connectionId, long timestampNs);

    /**
     * Called at least every 100 ms, also without traffic: aggregated counts are flushed per
     * interval and exchanges that waited too long for an answer are ended.
     */
    void tick(long nowNs);
}
