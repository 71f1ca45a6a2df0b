package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which flows were dropped: a flow that never got an answer (connecting, timed out,
 * refused, unreachable) is DROPPED when a drop record of the same packets, either
 * way, falls in its time window. The match is made here, in the desktop, because the
 * drop is often on another node than the flow (a NetworkPolicy drops a SYN where it
 * arrives) and the desktop holds every node's records, live and in bundles.
 *
 * <p>NO_SOCKET is the answer of a closed port, not a drop of the connection: the RST it
 * causes makes the flow REFUSED. A drop record that aggregates several client ports
 * (port 0) matches every flow to its service.
 */
public final class DroppedFlows {

    /** Drops count for a flow from this long before its first packet to this long after its last. */
    static final long SLACK_NS = 2_000_000_000L;
    private static final Set<String> NOT_A_DROP_OF_THE_FLOW = Set.of("NO_SOCKET", "NOT_SPECIFIED");

    private record Hosts(String src, String dst, String protocol) {
    }

    private record Drop(int srcPort, int dstPort, long firstNs, long lastNs, String reason, long packets) {
    }

    private final Map<Hosts, List<Drop>> byHosts;

    private DroppedFlows(Map<Hosts, List<Drop>> byHosts) {
        this.byHosts = byHosts;
    }

    /** @param drops drop records of every node */
    public static DroppedFlows of(List<SensorEvent> drops) {
        Map<Hosts, List<Drop>> byHosts = new HashMap<>();
        for (SensorEvent e : drops) {
            if (!e.hasDrop() || NOT_A_DROP_OF_THE_FLOW.contains(e.getDrop().getReasonName())) {
                continue;
            }
            DropEvent d = e.getDrop();
            FiveTuple t = d.getTuple();
            long first = d.getFirstSeenNs() != 0 ? d.getFirstSeenNs() : e.getTimestampNs();
            long last = d.getLastSeenNs() != 0 ? d.getLastSeenNs() : e.getTimestampNs();
            byHosts.computeIfAbsent(new Hosts(IpAddressText.of(t.getSrcAddr()), IpAddressText.of(t.getDstAddr()),
                    WireNames.protocol(t.getProtocol())), h -> new ArrayList<>())
                    .add(new Drop(t.getSrcPort(), t.getDstPort(), first, last, d.getReasonName(), d.getCount()));
        }
        return new DroppedFlows(byHosts);
    }

    /** The rows, those that were dropped marked so with the reason. */
    public List<FlowRow> mark(List<FlowRow> rows) {
        if (byHosts.isEmpty()) {
            return rows;
        }
        List<FlowRow> marked = new ArrayList<>(rows.size());
        for (FlowRow r : rows) {
            marked.add(reasonFor(r).map(r::dropped).orElse(r));
        }
        return marked;
    }

    /** The reason of the drops that match the flow (the one with most packets), if it was never answered. */
    public Optional<String> reasonFor(FlowRow row) {
        if (!Verdicts.neverAnswered(row.verdict())) {
            return Optional.empty();
        }
        int client = row.source().port();
        int server = row.destination().port();
        Drop best = null;
        // client -> server packets (the SYN), and server -> client (the answer)
        best = better(best, row, byHosts.get(new Hosts(row.source().ip(), row.destination().ip(), row.protocol())),
                client, server);
        best = better(best, row, byHosts.get(new Hosts(row.destination().ip(), row.source().ip(), row.protocol())),
                server, client);
        return Optional.ofNullable(best).map(Drop::reason);
    }

    private static Drop better(Drop best, FlowRow row, List<Drop> candidates, int srcPort, int dstPort) {
        if (candidates == null) {
            return best;
        }
        for (Drop d : candidates) {
            if (portMatches(d.srcPort(), srcPort) && portMatches(d.dstPort(), dstPort)
                    && d.lastNs() >= row.firstSeenNs() - SLACK_NS && d.firstNs() <= row.lastSeenNs() + SLACK_NS
                    && (best == null || d.packets() > best.packets())) {
                best = d;
            }
        }
        return best;
    }

    /** 0 on either side stands for several ports: an aggregate of connections or of drops. */
    private static boolean portMatches(int dropPort, int flowPort) {
        return dropPort == flowPort || dropPort == 0 || flowPort == 0;
    }
}
