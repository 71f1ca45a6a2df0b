package dev.nightjar.desktop.ui.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.ui.format.Units;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Flows as text to paste elsewhere: {@code hubble observe}-like lines, or JSON lines
 * (one object per flow) with the same facts the table shows.
 *
 * <pre>
 * Dec  3 12:00:01.123 worker-1: shop/frontend-7d9c:46330 -> shop/payments-5b:9090 DROPPED (NETFILTER_DROP) TCP CLOSE tx=0B rx=0B
 * Dec  3 12:00:02.500 worker-1: shop/frontend-7d9c:0 -> svc shop/cart:8080 CLOSED TCP CLOSE tx=12KiB rx=48KiB x20 connections
 * </pre>
 */
public final class FlowText {

    private static final DateTimeFormatter HUBBLE_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss.SSS",
            Locale.ENGLISH);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private FlowText() {
    }

    /** One line per row, at the rows' last activity in {@code zone}. */
    public static String hubbleLines(List<FlowRow> rows, ZoneId zone) {
        return rows.stream().map(r -> hubbleLine(r, zone)).collect(Collectors.joining("\n"));
    }

    public static String hubbleLine(FlowRow r, ZoneId zone) {
        StringBuilder line = new StringBuilder()
                .append(HUBBLE_TIME.format(Instant.ofEpochSecond(0, r.lastSeenNs()).atZone(zone)))
                .append(' ').append(r.node()).append(": ")
                .append(r.source().label()).append(" -> ").append(r.destination().label()).append(' ')
                .append(r.verdict().isEmpty() ? "UNKNOWN" : r.verdict());
        if (!r.dropReason().isEmpty()) {
            line.append(" (").append(r.dropReason()).append(')');
        }
        line.append(' ').append(r.protocol());
        if (!r.tcpState().isEmpty()) {
            line.append(' ').append(r.tcpState());
        }
        line.append(" tx=").append(Units.bytes(r.bytesSent()).replace(" ", ""))
                .append(" rx=").append(Units.bytes(r.bytesReceived()).replace(" ", ""));
        if (r.connections() > 1) {
            line.append(" x").append(r.connections()).append(" connections");
        }
        return line.toString();
    }

    /** JSON lines: one object per row. */
    public static String jsonLines(List<FlowRow> rows) {
        return rows.stream().map(FlowText::json).collect(Collectors.joining("\n"));
    }

    public static String json(FlowRow r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("node", r.node());
        o.put("flowId", Long.toUnsignedString(r.flowId()));
        o.put("verdict", r.verdict());
        if (!r.dropReason().isEmpty()) {
            o.put("dropReason", r.dropReason());
        }
        o.put("protocol", r.protocol());
        o.put("tcpState", r.tcpState());
        o.put("role", r.role());
        o.put("source", endpoint(r.source()));
        o.put("destination", endpoint(r.destination()));
        o.put("connections", r.connections());
        o.put("bytesSent", r.bytesSent());
        o.put("bytesReceived", r.bytesReceived());
        o.put("firstSeenNs", r.firstSeenNs());
        o.put("lastSeenNs", r.lastSeenNs());
        o.put("closed", r.closed());
        o.put("retransmits", r.retransmits());
        o.put("resets", r.resets());
        o.put("clientPid", r.clientPid());
        o.put("clientComm", r.clientPid() == 0 ? "" : r.comm());
        o.put("serverPid", r.serverProcessPid());
        o.put("serverComm", r.serverProcessComm());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }

    private static Map<String, Object> endpoint(FlowEndpoint e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ip", e.ip());
        o.put("port", e.port());
        o.put("namespace", e.namespace());
        o.put("pod", e.pod());
        o.put("workload", e.workload());
        o.put("service", e.service());
        o.put("node", e.node());
        return o;
    }
}
