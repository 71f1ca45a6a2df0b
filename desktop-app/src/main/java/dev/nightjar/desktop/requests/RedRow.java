package dev.nightjar.desktop.requests;

/**
 * One line of a RED summary.
 *
 * @param client   the client's name (per-pair grouping), or "" when grouped by route
 * @param server   the server, named as on the Flows page
 * @param protocol {@link AppProtocols#NAMES}
 * @param method   HTTP method, DNS type, SQL or Redis command; "" when grouped by pair
 * @param route    route template, gRPC method or DNS name; "" when grouped by pair
 * @param stats    the sums
 * @param ratePerSecond exchanges per second over the summary's window
 */
public record RedRow(String client, String server, String protocol, String method, String route, RedStats stats,
                     double ratePerSecond) {

    /** Stable across refreshes of the same window: for the table's row diffing. */
    public String key() {
        return client + "|" + server + "|" + protocol + "|" + method + "|" + route;
    }
}
