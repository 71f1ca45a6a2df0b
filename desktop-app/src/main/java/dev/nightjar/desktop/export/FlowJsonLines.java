package dev.nightjar.desktop.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.flows.Verdicts;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flows as JSON lines: one object per flow per line (UTF-8, {@code \n}), the flow's latest
 * update inside the window, nodes in name order and flows by first appearance. Readable by
 * {@code jq}, pandas ({@code read_json(lines=True)}), and anything else that reads JSON.
 */
public final class FlowJsonLines {

    /** Shared with tests that read the lines back. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();

    private FlowJsonLines() {
    }

    /** @return flows written */
    public static long write(CaptureStore store, TimeWindow window, OutputStream out) throws IOException {
        ObjectWriter writer = MAPPER.writerFor(FlowLine.class);
        long lines = 0;
        for (String node : store.nodeNames()) {
            List<SensorEvent> updates = store.node(node).map(n -> n.events(PayloadKind.FLOW, window)).orElse(List.of());
            for (FlowLine line : latestPerFlow(updates)) {
                writer.writeValue(out, line);
                out.write('\n');
                lines++;
            }
        }
        out.flush();
        return lines;
    }

    static List<FlowLine> latestPerFlow(List<SensorEvent> updates) {
        Map<Long, SensorEvent> latest = new LinkedHashMap<>();
        for (SensorEvent e : updates) {
            SensorEvent seen = latest.get(e.getFlow().getFlowId());
            if (seen == null || Long.compareUnsigned(seen.getTimestampNs(), e.getTimestampNs()) <= 0) {
                latest.put(e.getFlow().getFlowId(), e);
            }
        }
        List<FlowLine> lines = new ArrayList<>(latest.size());
        latest.values().forEach(e -> lines.add(line(e)));
        return lines;
    }

    public static FlowLine line(SensorEvent event) {
        FlowUpdate f = event.getFlow();
        FiveTuple t = f.getTuple();
        return new FlowLine(event.getNode(), f.getFlowId(), event.getTimestampNs(), WireNames.protocol(t.getProtocol()),
                IpAddressText.of(t.getSrcAddr()), t.getSrcPort(), IpAddressText.of(t.getDstAddr()), t.getDstPort(),
                WireNames.side(f.getDirection()),
                t.getProtocol() == L4Protocol.L4_PROTOCOL_TCP ? WireNames.tcpState(f.getTcpState()) : "",
                f.getBytesSent(), f.getBytesReceived(), f.getSegmentsSent(), f.getSegmentsReceived(),
                f.getRetransmits(), f.getResetsSent(), f.getResetsReceived(), f.getFirstSeenNs(), f.getLastSeenNs(),
                f.getClosed(), f.getPid(), f.getComm(), f.getCgroupId(), f.getNetnsInode(), FlowTable.role(f.getRole()),
                Verdicts.of(f), Math.max(1, f.getConnections()), f.getServerPid(), f.getServerComm());
    }
}
