package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapNode;
import dev.nightjar.desktop.ui.format.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the map writes on an edge and in a box. No JavaFX here. */
final class EdgeText {

    private static final Map<String, String> PROTOCOLS = Map.of("http", "HTTP", "http2", "HTTP/2", "grpc", "gRPC",
            "dns", "DNS", "postgres", "PostgreSQL", "redis", "Redis");

    private EdgeText() {
    }

    /**
     * "HTTP 110/s · 9.1% err · p99 238.9 ms"; for an edge known only from sampled requests, which
     * has no true rate, "gRPC · 1 sampled, 1 failed".
     */
    static String headline(MapEdge e) {
        String protocol = PROTOCOLS.getOrDefault(e.protocol(), e.protocol().toUpperCase(Locale.ROOT));
        if (e.sampled()) {
            return String.format(Locale.ROOT, "%s · %,d sampled, %,d failed", protocol, e.stats().count(),
                    e.stats().errors());
        }
        return protocol + " " + rate(e.ratePerSecond()) + " · " + percent(e.errorPercent()) + " err · p99 "
                + Units.duration((long) e.p99Ns());
    }

    /** "1 NXDOMAIN · 2 SERVFAIL · 5 packets dropped"; "" when none of those happened. */
    static String troubles(MapEdge e) {
        List<String> parts = new ArrayList<>();
        if (e.nxdomain() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d NXDOMAIN", e.nxdomain()));
        }
        if (e.servfail() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d SERVFAIL", e.servfail()));
        }
        if (e.droppedPackets() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d packet%s dropped", e.droppedPackets(),
                    e.droppedPackets() == 1 ? "" : "s"));
        }
        return String.join(" · ", parts);
    }

    /** The label's lines. */
    static String label(MapEdge e) {
        String troubles = troubles(e);
        return troubles.isEmpty() ? headline(e) : headline(e) + "\n" + troubles;
    }

    /** The box's second line: "110 requests", or "37 workloads folded" for "other". */
    static String nodeDetail(MapNode n) {
        if (n.isOther()) {
            return String.format(Locale.ROOT, "%,d quieter workloads · %,d requests", n.folded(), n.exchanges());
        }
        return String.format(Locale.ROOT, n.exchanges() == 1 ? "%,d request" : "%,d requests", n.exchanges());
    }

    static String rate(double perSecond) {
        if (perSecond >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk/s", perSecond / 1000);
        }
        return String.format(Locale.ROOT, perSecond >= 10 || perSecond == 0 ? "%.0f/s" : "%.1f/s", perSecond);
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, p == 0 || p >= 10 ? "%.0f%%" : "%.1f%%", p);
    }
}
