package dev.nightjar.desktop.flows;

/**
 * Flows between the same client and server, on the same port and protocol, with the
 * same verdict: one row of the grouped view. Bytes and connections are the sums over
 * its flows.
 *
 * @param source       the client: workload ("shop/frontend"), else pod, else address
 * @param destination  the server: service ("svc shop/cart"), else pod, else address
 * @param flows        rows folded in
 * @param connections  connections folded in (an aggregate row counts its connections)
 * @param failureShare of the connections between this client and server on this port,
 *                     whatever their verdict, the share that failed (0 to 1)
 */
public record FlowGroup(
        String source,
        String destination,
        int port,
        String protocol,
        String verdict,
        long flows,
        long connections,
        long bytesSent,
        long bytesReceived,
        long firstSeenNs,
        long lastSeenNs,
        double failureShare) {

    public long bytes() {
        return bytesSent + bytesReceived;
    }

    /** "svc shop/cart:8080": the server side as the Top talkers list names it. */
    public String destinationAndPort() {
        return destination + ":" + port;
    }
}
