package dev.nightjar.desktop.servicemap;

import dev.nightjar.desktop.requests.RedStats;

/** What one edge of the map collects while the map is built; folded edges add up. */
final class EdgeSums {

    /** From the sensor's RequestStats: every exchange. */
    final RedStats measured = new RedStats();
    /** From Request events: the interesting subset, used only where no stats cover the edge. */
    final RedStats seen = new RedStats();
    long nxdomain;
    long servfail;
    long droppedPackets;

    void add(EdgeSums other) {
        measured.add(other.measured);
        seen.add(other.seen);
        nxdomain += other.nxdomain;
        servfail += other.servfail;
        droppedPackets += other.droppedPackets;
    }

    boolean sampled() {
        return measured.count() == 0;
    }

    /** Exchanges, for ranking workloads: the stats' count, else the events seen. */
    long exchanges() {
        return sampled() ? seen.count() : measured.count();
    }

    MapEdge edge(String client, String server, String protocol, long windowNs, String clientFilter,
                 String serverFilter) {
        boolean sampled = sampled();
        return new MapEdge(client, server, protocol, sampled ? seen : measured, sampled,
                sampled ? Double.NaN : measured.ratePerSecond(windowNs), nxdomain, servfail, droppedPackets,
                clientFilter, serverFilter);
    }
}
