package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds flow updates into one row per flow: its latest state at a given
 * instant. Updates are cumulative, so the latest one is the whole story, and
 * the same fold answers "now" (live) and "at 14:02:10" (replay).
 */
public final class FlowTable {

    private FlowTable() {
    }

    private record FlowKey(String node, long flowId) {
    }

    /** @param updates flow update events of one or more nodes, oldest first */
    public static List<FlowRow> at(List<SensorEvent> updates, long instantNs, EndpointNamer namer) {
        Map<FlowKey, SensorEvent> latest = new LinkedHashMap<>();
        for (SensorEvent e : updates) {
            if (e.hasFlow() && Long.compareUnsigned(e.getTimestampNs(), instantNs) <= 0) {
                latest.put(new FlowKey(e.getNode(), e.getFlow().getFlowId()), e);
            }
        }
        List<FlowRow> rows = new ArrayList<>(latest.size());
        for (SensorEvent e : latest.values()) {
            rows.add(row(e, namer));
        }
        return rows;
    }

    static FlowRow row(SensorEvent event, EndpointNamer namer) {
        FlowUpdate f = event.getFlow();
        FiveTuple t = f.getTuple();
        return new FlowRow(
                f.getFlowId(),
                event.getNode(),
                namer.name(IpAddressText.of(t.getSrcAddr()), t.getSrcPort()),
                namer.name(IpAddressText.of(t.getDstAddr()), t.getDstPort()),
                WireNames.protocol(t.getProtocol()),
                WireNames.side(f.getDirection()),
                t.getProtocol() == L4Protocol.L4_PROTOCOL_TCP ? WireNames.tcpState(f.getTcpState()) : "",
                f.getBytesSent(),
                f.getBytesReceived(),
                f.getFirstSeenNs(),
                f.getLastSeenNs(),
                f.getRetransmits(),
                f.getResetsSent() + f.getResetsReceived(),
                f.getPid(),
                f.getComm(),
                f.getClosed(),
                role(f.getRole()),
                Verdicts.of(f),
                "",
                Math.max(1, f.getConnections()),
                f.getServerPid(),
                f.getServerComm());
    }

    /** "client", "server", "both", or "" from a sensor that does not say. */
    public static String role(FlowRole role) {
        return switch (role) {
            case FLOW_ROLE_CLIENT -> "client";
            case FLOW_ROLE_SERVER -> "server";
            case FLOW_ROLE_BOTH -> "both";
            default -> "";
        };
    }
}
