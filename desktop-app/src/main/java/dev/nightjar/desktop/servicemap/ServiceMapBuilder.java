package dev.nightjar.desktop.servicemap;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.naming.Workload;
import dev.nightjar.desktop.requests.AppProtocols;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.requests.RequestRows;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link ServiceMap} of a time window from the sensor's RequestStats (rates, errors
 * and p99 of every exchange, the Requests page's RED math), its Request events (DNS failures;
 * and the edges no stats cover) and its drop records (matched to an edge by the two addresses,
 * either direction, and the server's port).
 */
public final class ServiceMapBuilder {

    /** Workloads drawn at most; the quieter ones fold into {@link ServiceMap#OTHER}. */
    public static final int DEFAULT_MAX_WORKLOADS = 100;

    private static final int SERVFAIL = 2;
    private static final int NXDOMAIN = 3;

    private record EdgeKey(Workload client, Workload server, String protocol) {
    }

    /** Two addresses, in a fixed order, so a drop matches its edge whichever way the packet went. */
    private record Ends(String a, String b) {
        static Ends of(String x, String y) {
            return x.compareTo(y) <= 0 ? new Ends(x, y) : new Ends(y, x);
        }
    }

    private record Route(EdgeSums edge, int serverPort) {
    }

    private final EndpointNamer namer;
    private final Map<EdgeKey, EdgeSums> edges = new LinkedHashMap<>();
    private final Map<Ends, List<Route>> routes = new HashMap<>();
    private long fromNs = Long.MAX_VALUE;
    private long toNs = Long.MIN_VALUE;

    private ServiceMapBuilder(EndpointNamer namer) {
        this.namer = namer;
    }

    /**
     * @param requests     Request events (others skipped)
     * @param stats        RequestStats events (others skipped); the window spans their intervals
     * @param drops        drop events (others skipped)
     * @param maxWorkloads at most this many workload nodes; the rest fold into "other"
     */
    public static ServiceMap build(List<SensorEvent> requests, List<SensorEvent> stats, List<SensorEvent> drops,
                                   EndpointNamer namer, int maxWorkloads) {
        if (maxWorkloads < 1) {
            throw new IllegalArgumentException("a map needs room for one workload, was " + maxWorkloads);
        }
        ServiceMapBuilder b = new ServiceMapBuilder(namer);
        stats.stream().filter(SensorEvent::hasRequestStats).forEach(e -> b.addStats(e.getRequestStats()));
        RequestRows.of(requests, namer).forEach(b::addRequest);
        drops.stream().filter(SensorEvent::hasDrop).forEach(e -> b.addDrop(e.getDrop()));
        return b.finish(maxWorkloads);
    }

    private void addStats(RequestStats s) {
        fromNs = Math.min(fromNs, s.getIntervalStartNs());
        toNs = Math.max(toNs, s.getIntervalEndNs());
        FlowEndpoint client = namer.name(IpAddressText.of(s.getClientAddr()), 0);
        FlowEndpoint server = namer.name(IpAddressText.of(s.getServerAddr()), (int) s.getServerPort());
        sums(client, server, AppProtocols.name(s.getProtocol())).measured.add(s);
    }

    private void addRequest(RequestRow row) {
        EdgeSums sums = sums(row.source(), row.destination(), row.protocol());
        sums.seen.addExchange(row.latencyNs(), row.error());
        Request r = row.request();
        if (r.hasDns() && !r.getNoResponse()) {
            int rcode = r.getDns().getRcode();
            sums.nxdomain += rcode == NXDOMAIN ? 1 : 0;
            sums.servfail += rcode == SERVFAIL ? 1 : 0;
        }
    }

    private EdgeSums sums(FlowEndpoint client, FlowEndpoint server, String protocol) {
        EdgeKey key = new EdgeKey(Workload.of(client), Workload.of(server), protocol);
        EdgeSums sums = edges.get(key);
        if (sums == null) {
            sums = new EdgeSums();
            edges.put(key, sums);
        }
        List<Route> known = routes.computeIfAbsent(Ends.of(client.ip(), server.ip()), k -> new ArrayList<>());
        Route route = new Route(sums, server.port());
        if (!known.contains(route)) {
            known.add(route);
        }
        return sums;
    }

    private void addDrop(DropEvent d) {
        String src = IpAddressText.of(d.getTuple().getSrcAddr());
        String dst = IpAddressText.of(d.getTuple().getDstAddr());
        List<Route> candidates = routes.get(Ends.of(src, dst));
        if (candidates == null) {
            return;
        }
        int srcPort = d.getTuple().getSrcPort();
        int dstPort = d.getTuple().getDstPort();
        // The server's port is on every packet of the edge, either way (a client's port may be
        // folded to 0). Without it, a drop between the same two hosts is another conversation's
        // (on loopback, any at all), and stays on the Drops page only.
        Set<EdgeSums> hit = new HashSet<>();
        for (Route r : candidates) {
            if (r.serverPort() != dstPort && r.serverPort() != srcPort) {
                continue;
            }
            if (hit.add(r.edge())) {
                r.edge().droppedPackets += Math.max(1, d.getCount());
            }
        }
    }

    private ServiceMap finish(int maxWorkloads) {
        Map<Workload, Long> exchanges = new HashMap<>();
        edges.forEach((key, sums) -> {
            exchanges.merge(key.client(), sums.exchanges(), Long::sum);
            if (!key.server().equals(key.client())) {
                // A workload calling itself (on loopback) made and answered the same requests: once.
                exchanges.merge(key.server(), sums.exchanges(), Long::sum);
            }
        });
        List<Workload> ranked = exchanges.keySet().stream()
                .sorted(Comparator.comparingLong((Workload w) -> exchanges.get(w)).reversed()
                        .thenComparing(Workload::label))
                .toList();
        Set<Workload> kept = new HashSet<>(ranked.subList(0, Math.min(maxWorkloads, ranked.size())));
        int folded = ranked.size() - kept.size();

        // Edges between folded workloads fold together; traffic among the folded is not drawn.
        Map<List<String>, EdgeSums> merged = new LinkedHashMap<>();
        Map<List<String>, List<String>> filters = new HashMap<>();
        edges.forEach((key, sums) -> {
            String client = kept.contains(key.client()) ? key.client().label() : ServiceMap.OTHER;
            String server = kept.contains(key.server()) ? key.server().label() : ServiceMap.OTHER;
            if (client.equals(ServiceMap.OTHER) && server.equals(ServiceMap.OTHER)) {
                return;
            }
            List<String> k = List.of(client, server, key.protocol());
            merged.computeIfAbsent(k, x -> new EdgeSums()).add(sums);
            filters.put(k, List.of(kept.contains(key.client()) ? key.client().filterTerm(true) : "",
                    kept.contains(key.server()) ? key.server().filterTerm(false) : ""));
        });
        long windowNs = toNs > fromNs ? toNs - fromNs : 0;
        List<MapEdge> mapEdges = new ArrayList<>(merged.size());
        merged.forEach((k, sums) -> mapEdges.add(sums.edge(k.get(0), k.get(1), k.get(2), windowNs,
                filters.get(k).get(0), filters.get(k).get(1))));
        mapEdges.sort(Comparator.comparingLong((MapEdge e) -> e.stats().count()).reversed()
                .thenComparing(MapEdge::key));
        return new ServiceMap(nodes(ranked, kept, exchanges, mapEdges, folded), mapEdges, folded, windowNs);
    }

    private static List<MapNode> nodes(List<Workload> ranked, Set<Workload> kept, Map<Workload, Long> exchanges,
                                       List<MapEdge> edges, int folded) {
        Map<String, Health> answers = new HashMap<>();
        for (MapEdge e : edges) {
            answers.merge(e.server(), e.health(), Health::worst);
        }
        List<MapNode> nodes = new ArrayList<>();
        long otherExchanges = 0;
        for (Workload w : ranked) {
            if (kept.contains(w)) {
                nodes.add(new MapNode(w.label(), exchanges.get(w), answers.getOrDefault(w.label(), Health.OK), 0));
            } else {
                otherExchanges += exchanges.get(w);
            }
        }
        if (folded > 0) {
            nodes.add(new MapNode(ServiceMap.OTHER, otherExchanges,
                    answers.getOrDefault(ServiceMap.OTHER, Health.OK), folded));
        }
        return nodes;
    }
}
