package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grouped view: flows folded by (client, server, port, protocol, verdict), the shape
 * of Hubble UI's flow table by service. The client is named by who it is (workload,
 * pod, address), never by the ephemeral port it drew; the server by the service it
 * answers as. Top talkers are the same groups without the verdict.
 */
public final class FlowGroups {

    private FlowGroups() {
    }

    private record Pair(String source, String destination, int port, String protocol) {
    }

    private record Key(Pair pair, String verdict) {
    }

    /** Sums as the rows come in; one per group. */
    private static final class Sums {
        long flows;
        long connections;
        long failed;
        long sent;
        long received;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void add(FlowRow r) {
            flows++;
            connections += r.connections();
            failed += r.failed() ? r.connections() : 0;
            sent += r.bytesSent();
            received += r.bytesReceived();
            first = Math.min(first, r.firstSeenNs());
            last = Math.max(last, r.lastSeenNs());
        }
    }

    /** Groups of {@code rows}, most bytes first. */
    public static List<FlowGroup> of(List<FlowRow> rows) {
        Map<Key, Sums> groups = new LinkedHashMap<>();
        Map<Pair, Sums> pairs = new HashMap<>();
        for (FlowRow r : rows) {
            Pair pair = pair(r);
            groups.computeIfAbsent(new Key(pair, r.verdict()), k -> new Sums()).add(r);
            pairs.computeIfAbsent(pair, k -> new Sums()).add(r);
        }
        return groups.entrySet().stream()
                .map(e -> group(e.getKey().pair(), e.getKey().verdict(), e.getValue(), pairs.get(e.getKey().pair())))
                .sorted(Comparator.comparingLong(FlowGroup::bytes).reversed()
                        .thenComparing(Comparator.comparingLong(FlowGroup::connections).reversed())
                        .thenComparing(FlowGroup::source).thenComparing(FlowGroup::destination))
                .toList();
    }

    /** The client -> server:port pairs that moved the most bytes, whatever their verdicts. */
    public static List<FlowGroup> topPairs(List<FlowRow> rows, int limit) {
        Map<Pair, Sums> pairs = new LinkedHashMap<>();
        for (FlowRow r : rows) {
            pairs.computeIfAbsent(pair(r), k -> new Sums()).add(r);
        }
        return pairs.entrySet().stream()
                .map(e -> group(e.getKey(), "", e.getValue(), e.getValue()))
                .sorted(Comparator.comparingLong(FlowGroup::bytes).reversed()
                        .thenComparing(FlowGroup::source).thenComparing(FlowGroup::destination))
                .limit(limit)
                .toList();
    }

    private static Pair pair(FlowRow r) {
        return new Pair(client(r.source()), server(r.destination()), r.destination().port(), r.protocol());
    }

    private static FlowGroup group(Pair pair, String verdict, Sums s, Sums ofPair) {
        double share = ofPair.connections == 0 ? 0 : (double) ofPair.failed / ofPair.connections;
        return new FlowGroup(pair.source(), pair.destination(), pair.port(), pair.protocol(), verdict, s.flows,
                s.connections, s.sent, s.received, s.first, s.last, share);
    }

    /** A client by who it is: its workload, else its pod, else its address. */
    static String client(FlowEndpoint e) {
        if (!e.workload().isEmpty()) {
            return e.namespace() + "/" + e.workload();
        }
        if (!e.pod().isEmpty()) {
            return e.namespace() + "/" + e.pod();
        }
        return node(e);
    }

    /** A server by what it answers as: its service, else its pod, else its address. */
    static String server(FlowEndpoint e) {
        if (!e.service().isEmpty()) {
            return "svc " + e.namespace() + "/" + e.service();
        }
        if (!e.pod().isEmpty()) {
            return e.namespace() + "/" + e.pod();
        }
        return node(e);
    }

    private static String node(FlowEndpoint e) {
        return e.node().isEmpty() ? e.ip() : "node " + e.node();
    }
}
