package dev.nightjar.desktop.servicemap;

import dev.nightjar.desktop.requests.RedStats;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Client → server requests of one protocol on the service map.
 *
 * @param client        the client's {@link MapNode#id()}
 * @param server        the server's
 * @param protocol      as the Requests filter names it (http, grpc, dns, …)
 * @param stats         counts, errors and latencies: from the sensor's RequestStats when any cover this
 *                      edge, else from the Request events seen ({@code sampled})
 * @param sampled       known only from Request events, the interesting subset: no rate or error rate
 * @param ratePerSecond exchanges per second over the map's window; NaN when sampled
 * @param nxdomain      DNS answers NXDOMAIN among the Request events
 * @param servfail      DNS answers SERVFAIL among the Request events
 * @param droppedPackets packets dropped between the edge's addresses (either direction)
 * @param clientFilter  the Requests filter term for the client side; "" for the folded "other" node
 * @param serverFilter  the same for the server
 */
public record MapEdge(String client, String server, String protocol, RedStats stats, boolean sampled,
                      double ratePerSecond, long nxdomain, long servfail, long droppedPackets, String clientFilter,
                      String serverFilter) {

    /** Stable for one client, server and protocol across refreshes. */
    public String key() {
        return client + " → " + server + " · " + protocol;
    }

    public double errorPercent() {
        return stats.errorPercent();
    }

    public double p99Ns() {
        return stats.p99Ns();
    }

    public Health health() {
        return Health.of(stats.errorPercent(), stats.count() == 0 ? 0 : stats.p99Ns(), sampled, stats.errors(),
                nxdomain + servfail + droppedPackets);
    }

    /** DNS failures or drops to show on a second line. */
    public boolean hasTroubles() {
        return nxdomain + servfail + droppedPackets > 0;
    }

    /** The Requests filter that shows this edge's requests, e.g. "from-workload=shop/frontend to-svc=shop/cart protocol=http". */
    public String requestsFilter() {
        return Stream.of(clientFilter, serverFilter, "protocol=" + protocol).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(" "));
    }
}
