package dev.nightjar.sensor.requests;

/**
 * Where the capture hands socket payload. All three methods are called from one thread (the
 * capture's poll thread), so an implementation needs no locking; none may block or throw.
 */
public interface SocketChunkSink {

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
