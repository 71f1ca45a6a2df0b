package dev.nightjar.sensor.requests.parse;

/**
 * The parser of one connection's protocol, fed both directions in order. Implementations hold
 * a bounded amount of state, never throw on any input and count what they could not parse in
 * {@link ParseCounters}.
 */
public interface ConnectionParser {

    /**
     * One call's bytes.
     *
     * @param fromClient the bytes went from the client to the server
     * @param callBytes  what the call moved; more than {@code data.length} when the capture cut it
     */
    void data(boolean fromClient, byte[] data, long callBytes, long timestampNs, ExchangeSink out);

    /** The connection closed: pending requests end without a response (or with one read until close). */
    default void closed(long timestampNs, ExchangeSink out) {
        expire(Long.MAX_VALUE, 0, out);
    }

    /** Requests waiting longer than {@code timeoutNs} for an answer end without one. */
    void expire(long nowNs, long timeoutNs, ExchangeSink out);
}
