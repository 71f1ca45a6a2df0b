package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;

/** Request events into table rows: one row per event (each Request is one exchange). */
public final class RequestRows {

    private RequestRows() {
    }

    /** @param events request events of one or more nodes; others are skipped */
    public static List<RequestRow> of(List<SensorEvent> events, EndpointNamer namer) {
        List<RequestRow> rows = new ArrayList<>(events.size());
        for (SensorEvent e : events) {
            if (e.hasRequest()) {
                rows.add(row(e, namer));
            }
        }
        return rows;
    }

    static RequestRow row(SensorEvent event, EndpointNamer namer) {
        Request r = event.getRequest();
        FiveTuple t = r.getTuple();
        long start = r.getStartNs() != 0 ? r.getStartNs() : event.getTimestampNs();
        return new RequestRow(event.getNode(), start,
                namer.name(IpAddressText.of(t.getSrcAddr()), t.getSrcPort()),
                namer.name(IpAddressText.of(t.getDstAddr()), t.getDstPort()),
                AppProtocols.name(r.getProtocol()), method(r), target(r), status(r), r);
    }

    private static String method(Request r) {
        return switch (r.getDetailCase()) {
            case HTTP -> r.getHttp().getMethod();
            case DNS -> r.getDns().getQueryTypeName();
            case POSTGRES -> firstWord(r.getPostgres().getStatement());
            case REDIS -> r.getRedis().getCommand();
            default -> "";
        };
    }

    private static String target(Request r) {
        return switch (r.getDetailCase()) {
            case HTTP -> r.getHttp().getPath();
            case DNS -> r.getDns().getQueryName();
            case POSTGRES -> r.getPostgres().getStatement();
            case REDIS -> r.getRedis().getFirstKey();
            default -> "";
        };
    }

    private static String status(Request r) {
        if (r.getNoResponse()) {
            return "no response";
        }
        return switch (r.getDetailCase()) {
            case HTTP -> r.getHttp().getGrpc() ? AppProtocols.grpcStatus(r.getHttp().getGrpcStatus())
                    : r.getHttp().getStatus() == 0 ? "" : Integer.toString(r.getHttp().getStatus());
            case DNS -> AppProtocols.dnsRcode(r.getDns().getRcode(), r.getDns().getRcodeName());
            case POSTGRES -> r.getPostgres().getSqlstate().isEmpty() ? r.getPostgres().getCommandTag()
                    : r.getPostgres().getSqlstate();
            case REDIS -> r.getRedis().getError().isEmpty() ? "OK" : "ERR";
            default -> "";
        };
    }

    private static String firstWord(String statement) {
        String s = statement.strip();
        int space = 0;
        while (space < s.length() && !Character.isWhitespace(s.charAt(space))) {
            space++;
        }
        return s.substring(0, space).toUpperCase(java.util.Locale.ROOT);
    }
}
