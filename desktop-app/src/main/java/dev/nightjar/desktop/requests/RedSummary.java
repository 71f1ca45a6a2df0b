package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RED (rate, errors, duration) from RequestStats: per route (server, protocol, method,
 * route template) or per client-server pair, over the window the stats' intervals cover.
 * Rates and percentiles come from the stats, never from the Request events, which are
 * only the interesting subset.
 */
public final class RedSummary {

    public enum Grouping { ROUTE, PAIR }

    private RedSummary() {
    }

    /**
     * @param events RequestStats events (others skipped); the window is from the earliest
     *               interval start to the latest interval end among them
     * @return rows busiest first
     */
    public static List<RedRow> of(List<SensorEvent> events, EndpointNamer namer, Grouping grouping) {
        Map<List<String>, RedStats> groups = new LinkedHashMap<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (SensorEvent e : events) {
            if (!e.hasRequestStats()) {
                continue;
            }
            RequestStats s = e.getRequestStats();
            from = Math.min(from, s.getIntervalStartNs());
            to = Math.max(to, s.getIntervalEndNs());
            groups.computeIfAbsent(key(s, namer, grouping), k -> new RedStats()).add(s);
        }
        long windowNs = to > from ? to - from : 0;
        List<RedRow> rows = new ArrayList<>(groups.size());
        groups.forEach((k, stats) -> rows.add(new RedRow(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), stats,
                stats.ratePerSecond(windowNs))));
        rows.sort(Comparator.comparingLong((RedRow r) -> r.stats().count()).reversed().thenComparing(RedRow::key));
        return rows;
    }

    private static List<String> key(RequestStats s, EndpointNamer namer, Grouping grouping) {
        String server = namer.name(IpAddressText.of(s.getServerAddr()), (int) s.getServerPort()).label();
        String protocol = AppProtocols.name(s.getProtocol());
        return grouping == Grouping.ROUTE
                ? List.of("", server, protocol, s.getMethod(), s.getRoute())
                : List.of(clientName(namer.name(IpAddressText.of(s.getClientAddr()), 0)), server, protocol, "", "");
    }

    /** A client is a pod or an address: its port is the connection's, not the client's, so it is left out. */
    static String clientName(FlowEndpoint client) {
        String label = client.label();
        return label.endsWith(":0") ? label.substring(0, label.length() - 2) : label;
    }
}
