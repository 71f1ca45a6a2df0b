package dev.nightjar.desktop.export;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.requests.AppProtocols;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.requests.RequestRows;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Requests as JSON lines: one object per Request event inside the window (UTF-8, {@code \n}),
 * nodes in name order, each node's requests in the order they were recorded. These are the
 * requests the sensor sent whole (failed, slow, sampled); the counts of all of them are in
 * the metrics export ({@link RedOpenMetrics}).
 */
public final class RequestJsonLines {

    private RequestJsonLines() {
    }

    /** @return requests written */
    public static long write(CaptureStore store, TimeWindow window, OutputStream out) throws IOException {
        ObjectWriter writer = FlowJsonLines.MAPPER.writerFor(RequestLine.class);
        long lines = 0;
        for (String node : store.nodeNames()) {
            List<SensorEvent> events = store.node(node).map(n -> n.events(PayloadKind.REQUEST, window)).orElse(List.of());
            for (SensorEvent event : events) {
                writer.writeValue(out, line(event));
                out.write('\n');
                lines++;
            }
        }
        out.flush();
        return lines;
    }

    public static RequestLine line(SensorEvent event) {
        Request r = event.getRequest();
        // The row's method, target and status: the same words the Requests page shows.
        RequestRow row = RequestRows.of(List.of(event), EndpointNamer.ADDRESSES_ONLY).getFirst();
        var t = r.getTuple();
        return new RequestLine(event.getNode(), event.getTimestampNs(), r.getStartNs(), AppProtocols.name(r.getProtocol()),
                IpAddressText.of(t.getSrcAddr()), t.getSrcPort(), IpAddressText.of(t.getDstAddr()), t.getDstPort(),
                WireNames.protocol(t.getProtocol()), FlowTable.role(r.getRole()), r.getPid(), r.getTid(), r.getComm(),
                r.getCgroupId(), r.getNetnsInode(), r.getLatencyNs(), r.getRequestBytes(), r.getResponseBytes(),
                r.getTls(), r.getError(), r.getNoResponse(), r.getIncomplete(), r.getLiteralsUnmasked(), r.getFlowId(),
                row.method(), row.target(), row.status(),
                r.hasHttp() ? http(r) : null, r.hasDns() ? dns(r) : null,
                r.hasPostgres() ? postgres(r) : null, r.hasRedis() ? redis(r) : null);
    }

    private static RequestLine.Http http(Request r) {
        var h = r.getHttp();
        return new RequestLine.Http(h.getMethod(), h.getPath(), h.getRoute(), h.getHost(), h.getStatus(),
                h.getContentType(), h.getUserAgent(), h.getHttpVersion(), h.getStreamId(), h.getGrpc(),
                h.getGrpcStatus(), h.getGrpcMessage());
    }

    private static RequestLine.Dns dns(Request r) {
        var d = r.getDns();
        return new RequestLine.Dns(d.getId(), d.getQueryName(), d.getQueryType(), d.getQueryTypeName(), d.getRcode(),
                AppProtocols.dnsRcode(d.getRcode(), d.getRcodeName()), d.getAnswers(), d.getOverTcp());
    }

    private static RequestLine.Postgres postgres(Request r) {
        var p = r.getPostgres();
        return new RequestLine.Postgres(p.getStatement(), p.getExtendedProtocol(), p.getCommandTag(), p.getSqlstate(),
                p.getErrorMessage());
    }

    private static RequestLine.Redis redis(Request r) {
        var x = r.getRedis();
        return new RequestLine.Redis(x.getCommand(), x.getFirstKey(), x.getError());
    }
}
