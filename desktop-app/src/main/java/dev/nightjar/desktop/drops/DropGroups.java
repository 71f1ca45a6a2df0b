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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups drop records by kernel reason. Actionable reasons come first, then by
 * packets; within a reason the busiest tuples first.
 */
public final class DropGroups {

    /** Buckets in each reason's rate-over-time series. */
    public static final int RATE_BUCKETS = 60;

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
        byReason.forEach((reason, acc) -> groups.add(acc.toGroup(catalog.describe(reason), namer)));
        groups.sort(Comparator.comparing((DropGroup g) -> g.reason().severity() != DropSeverity.ACTIONABLE)
                .thenComparing(Comparator.comparingLong(DropGroup::packets).reversed())
                .thenComparing(g -> g.reason().name()));
        return groups;
    }

    private static final class Accumulator {
        final Map<TupleKey, long[]> tuples = new HashMap<>();
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
            TupleKey key = new TupleKey(e.getNode(), IpAddressText.of(t.getSrcAddr()), t.getSrcPort(),
                    IpAddressText.of(t.getDstAddr()), t.getDstPort(), WireNames.protocol(t.getProtocol()), d.getLocation(), d.getIfname());
            long[] acc = tuples.computeIfAbsent(key, k -> new long[2]);
            acc[0] += n;
            acc[1] = Math.max(acc[1], seenLast);
        }

        DropGroup toGroup(DropReasonInfo info, EndpointNamer namer) {
            List<DropTuple> rows = new ArrayList<>();
            tuples.forEach((k, v) -> rows.add(new DropTuple(k.node(), namer.name(k.src(), k.sport()),
                    namer.name(k.dst(), k.dport()), k.proto(), k.location(), k.ifname(), v[0], v[1])));
            rows.sort(Comparator.comparingLong(DropTuple::packets).reversed()
                    .thenComparing(Comparator.comparingLong(DropTuple::lastSeenNs).reversed()));
            List<Long> series = new ArrayList<>(RATE_BUCKETS);
            for (long r : rate) {
                series.add(r);
            }
            return new DropGroup(info, packets, rows, first, last, series);
        }
    }
}
