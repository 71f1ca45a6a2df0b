package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.naming.FlowEndpoint;

/**
 * A flow's latest known state, enriched, as the Flows table shows it. The
 * source is the side that opened the connection; {@code side} says which of
 * the two sockets reported it ("out": the connecting one, "in": the accepting
 * one), since a connection between two local processes is seen from both.
 */
public record FlowRow(
        long flowId,
        String node,
        FlowEndpoint source,
        FlowEndpoint destination,
        String protocol,
        String side,
        String tcpState,
        long bytesSent,
        long bytesReceived,
        long firstSeenNs,
        long lastSeenNs,
        int retransmits,
        int resets,
        int pid,
        String comm,
        boolean closed) {

    public long durationNs() {
        return Math.max(0, lastSeenNs - firstSeenNs);
    }
}
