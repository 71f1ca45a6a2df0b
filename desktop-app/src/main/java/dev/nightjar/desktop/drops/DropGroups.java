package dev.nightjar.desktop.drops;

import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
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
 * Groups drop records by kernel reason. Actionable reasons come first, then by
 * packets; within a reason the busiest tuples first.
 */
public final class DropGroups {

    /** Buckets in each reason's rate-over-time series. */
    public static final int RATE_BUCKETS = 60;
    /** Linux hands out client ports from 32768 up (net.ipv4.ip_local_port_range): those are folded. */
    static final int EPHEMERAL_FROM = 32768;

    /** The order the Drops page lists reasons in: actionable first, then by packets. */
    public static final Comparator<DropGroup> ORDER = Comparator
            .comparing((DropGroup g) -> g.reason().severity() != DropSeverity.ACTIONABLE)
            .thenComparing(Comparator.comparingLong(DropGroup::packets).reversed())
            .thenComparing(g -> g.reason().name());

    /** The order of affected endpoints within a reason: the busiest first. */
    public static final Comparator<DropTuple> TUPLE_ORDER = Comparator.comparingLong(DropTuple::packets).reversed()
            .thenComparing(Comparator.comparingLong(DropTuple::lastSeenNs).reversed())
            .thenComparing(DropTuple::sourceLabel).thenComparing(DropTuple::destinationLabel);

    private DropGroups() {
    }

    private record TupleKey(String node, String src, int sport, String dst, int dport, String proto,
                            String location, String ifname) {
    }

    /** @param drops drop events in time order; the window is their own time span */
    public static List<DropGroup> of(List<SensorEvent> drops, DropReasonCatalog catalog, EndpointNamer namer) {
        if (drops.isEmpty()) {
            return List.of();
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (SensorEvent e : drops) {
            start = Math.min(start, e.getTimestampNs());
            end = Math.max(end, e.getTimestampNs());
        }
        long bucketNs = Math.max(1, (end - start) / RATE_BUCKETS + 1);

        Map<String, Accumulator> byReason = new LinkedHashMap<>();
        for (SensorEvent e : drops) {
            if (e.hasDrop()) {
                byReason.computeIfAbsent(e.getDrop().getReasonName(), r -> new Accumulator())
                        .add(e, (int) ((e.getTimestampNs() - start) / bucketNs));
            }
        }
        List<DropGroup> groups = new ArrayList<>();
        long from = start;
        byReason.forEach((reason, acc) -> groups.add(acc.toGroup(catalog.describe(reason), namer, from, bucketNs)));
        groups.sort(ORDER);
        return groups;
    }

    /** A client's port is folded when it is ephemeral and the other side's is not. */
    static boolean foldable(int port, int otherPort) {
        return port >= EPHEMERAL_FROM && otherPort < EPHEMERAL_FROM;
    }

    private static final class Accumulator {
        final Map<TupleKey, long[]> tuples = new HashMap<>();
        final Map<TupleKey, Set<Integer>> foldedPorts = new HashMap<>();
        final long[] rate = new long[RATE_BUCKETS];
        long packets;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void add(SensorEvent e, int bucket) {
            DropEvent d = e.getDrop();
            long n = Math.max(1, d.getCount());
            packets += n;
            rate[Math.min(bucket, RATE_BUCKETS - 1)] += n;
            long seenFirst = d.getFirstSeenNs() != 0 ? d.getFirstSeenNs() : e.getTimestampNs();
            long seenLast = d.getLastSeenNs() != 0 ? d.getLastSeenNs() : e.getTimestampNs();
            first = Math.min(first, seenFirst);
            last = Math.max(last, seenLast);
            FiveTuple t = d.getTuple();
            int sport = t.getSrcPort();
            int dport = t.getDstPort();
            // The ephemeral side's port is kept aside (-1 in the key), so every attempt lands in one row.
            boolean foldSource = foldable(sport, dport);
            boolean foldDestination = !foldSource && foldable(dport, sport);
            TupleKey key = new TupleKey(e.getNode(), IpAddressText.of(t.getSrcAddr()), foldSource ? -1 : sport,
                    IpAddressText.of(t.getDstAddr()), foldDestination ? -1 : dport, WireNames.protocol(t.getProtocol()),
                    d.getLocation(), d.getIfname());
            long[] acc = tuples.computeIfAbsent(key, k -> new long[3]);
            acc[0] += n;
            if (seenLast >= acc[1]) {
                acc[1] = seenLast;
                acc[2] = foldSource ? sport : dport; // the latest port, shown when only one was used
            }
            if (foldSource || foldDestination) {
                foldedPorts.computeIfAbsent(key, k -> new HashSet<>()).add(foldSource ? sport : dport);
            }
        }

        DropGroup toGroup(DropReasonInfo info, EndpointNamer namer, long rateFromNs, long rateBucketNs) {
            List<DropTuple> rows = new ArrayList<>();
            tuples.forEach((k, v) -> {
                int folded = foldedPorts.getOrDefault(k, Set.of()).size();
                int sport = k.sport() < 0 ? (int) v[2] : k.sport();
                int dport = k.dport() < 0 ? (int) v[2] : k.dport();
                rows.add(new DropTuple(k.node(), namer.name(k.src(), sport), namer.name(k.dst(), dport), k.proto(),
                        k.location(), k.ifname(), v[0], v[1], k.sport() < 0 ? folded : 1, k.dport() < 0 ? folded : 1));
            });
            rows.sort(TUPLE_ORDER);
            List<Long> series = new ArrayList<>(RATE_BUCKETS);
            for (long r : rate) {
                series.add(r);
            }
            return new DropGroup(info, packets, rows, first, last, series, rateFromNs, rateBucketNs);
        }
    }
}
