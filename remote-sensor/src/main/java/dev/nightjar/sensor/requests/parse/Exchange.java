package dev.nightjar.sensor.requests.parse;

import com.google.protobuf.Message;
import dev.nightjar.protocol.v1.AppProtocol;

/**
 * One request and its response (or its absence) as a parser read them, before masking and
 * before the connection's endpoints are attached.
 *
 * @param detail      HttpRequest, DnsRequest, PostgresRequest or RedisRequest with the values
 *                    as seen on the wire (masking is applied when the event is made)
 * @param endNs       the response's last byte; 0 with {@code noResponse}
 * @param incomplete  what could not be decoded, in words; empty when complete
 */
public record Exchange(
        AppProtocol protocol,
        long startNs,
        long endNs,
        long requestBytes,
        long responseBytes,
        boolean error,
        boolean noResponse,
        String incomplete,
        Message detail) {

    public long latencyNs() {
        return noResponse ? 0 : Math.max(0, endNs - startNs);
    }
}
