package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.sensor.requests.http2.GrpcStatusNames;
import java.util.Locale;

/**
 * The readable lines of requests and their per-second counts:
 *
 * <pre>
 * REQUEST http GET /orders/8123 -> 500 host=shop 12.3ms req=120B resp=1.5KB ERROR tcp 10.0.0.1:40000 -> 10.0.0.2:8080 server pid=77 (api)
 * REQUEST grpc /shop.Cart/Add -> UNAVAILABLE "backend down" 12.3ms req=... ERROR tcp ...
 * REQUEST dns A nope.test -> NXDOMAIN answers=0 12.3ms req=... ERROR udp ...
 * REQUEST postgres "selec ?" -> 42601 "syntax error at or near ..." 12.3ms req=... ERROR tcp ...
 * REQUEST redis GET ? -> ok no-response req=... tcp ...
 * REQUESTS http GET /orders/{id} 2xx count=4 errors=0 avg=2.0ms max<4.2ms 10.0.0.1 -> 10.0.0.2:8080 server pid=77
 * </pre>
 *
 * {@code max<} is the upper bound of the highest latency bucket that counted anything.
 */
final class RequestLines {

    private RequestLines() {
    }

    static String protocol(AppProtocol p) {
        return switch (p) {
            case APP_PROTOCOL_HTTP1 -> "http";
            case APP_PROTOCOL_HTTP2 -> "http2";
            case APP_PROTOCOL_GRPC -> "grpc";
            case APP_PROTOCOL_DNS -> "dns";
            case APP_PROTOCOL_POSTGRES -> "postgres";
            case APP_PROTOCOL_REDIS -> "redis";
            default -> "proto#" + p.getNumber();
        };
    }

    static String request(Request r) {
        StringBuilder line = new StringBuilder("REQUEST ").append(protocol(r.getProtocol())).append(' ');
        switch (r.getDetailCase()) {
            case HTTP -> http(line, r.getHttp());
            case DNS -> dns(line, r.getDns());
            case POSTGRES -> postgres(line, r.getPostgres());
            case REDIS -> redis(line, r.getRedis());
            default -> line.append('?');
        }
        if (r.getNoResponse()) {
            line.append(" no-response");
        } else {
            line.append(' ').append(HumanUnits.nanos(r.getLatencyNs()));
        }
        line.append(" req=").append(HumanUnits.bytes(r.getRequestBytes()))
                .append(" resp=").append(HumanUnits.bytes(r.getResponseBytes()));
        if (r.getError()) {
            line.append(" ERROR");
        }
        if (r.getTls()) {
            line.append(" tls");
        }
        if (r.getLiteralsUnmasked()) {
            line.append(" unmasked");
        }
        if (!r.getIncomplete().isEmpty()) {
            line.append(" incomplete=(").append(r.getIncomplete()).append(')');
        }
        line.append(' ').append(EventLines.tuple(r.getTuple())).append(' ')
                .append(r.getRole().name().substring("FLOW_ROLE_".length()).toLowerCase(Locale.ROOT));
        if (r.getPid() != 0) {
            line.append(" pid=").append(r.getPid()).append(r.getComm().isEmpty() ? "" : " (" + r.getComm() + ")");
        }
        return line.toString();
    }

    private static void http(StringBuilder line, HttpRequest h) {
        if (h.getGrpc()) {
            line.append(h.getPath()).append(" -> ").append(GrpcStatusNames.name(h.getGrpcStatus()));
            if (!h.getGrpcMessage().isEmpty()) {
                line.append(" \"").append(h.getGrpcMessage()).append('"');
            }
        } else {
            line.append(h.getMethod()).append(' ').append(h.getPath());
            line.append(" -> ").append(h.getStatus() == 0 ? "-" : String.valueOf(h.getStatus()));
        }
        if (!h.getHost().isEmpty()) {
            line.append(" host=").append(h.getHost());
        }
    }

    private static void dns(StringBuilder line, DnsRequest d) {
        line.append(d.getQueryTypeName()).append(' ').append(d.getQueryName()).append(" -> ")
                .append(d.getRcodeName().isEmpty() ? "-" : d.getRcodeName()).append(" answers=").append(d.getAnswers());
        if (d.getOverTcp()) {
            line.append(" over-tcp");
        }
    }

    private static void postgres(StringBuilder line, PostgresRequest p) {
        line.append('"').append(p.getStatement()).append("\" -> ");
        if (!p.getSqlstate().isEmpty()) {
            line.append(p.getSqlstate()).append(" \"").append(p.getErrorMessage()).append('"');
        } else {
            line.append(p.getCommandTag().isEmpty() ? "-" : p.getCommandTag());
        }
        if (p.getExtendedProtocol()) {
            line.append(" extended");
        }
    }

    private static void redis(StringBuilder line, RedisRequest r) {
        line.append(r.getCommand());
        if (!r.getFirstKey().isEmpty()) {
            line.append(' ').append(r.getFirstKey());
        }
        line.append(" -> ").append(r.getError().isEmpty() ? "ok" : "\"" + r.getError() + "\"");
    }

    static String stats(RequestStats s) {
        long average = s.getCount() == 0 ? 0 : s.getTotalLatencyNs() / s.getCount();
        StringBuilder line = new StringBuilder("REQUESTS ").append(protocol(s.getProtocol()));
        if (!s.getMethod().isEmpty()) {
            line.append(' ').append(s.getMethod());
        }
        if (!s.getRoute().isEmpty()) {
            line.append(' ').append(s.getRoute());
        }
        line.append(' ').append(s.getStatusClass()).append(" count=").append(s.getCount()).append(" errors=")
                .append(s.getErrors()).append(" avg=").append(HumanUnits.nanos(average));
        int top = s.getLog2BucketsCount() - 1;
        if (top >= 0) {
            // the highest bucket holding anything: the slowest exchange was below its upper bound
            line.append(" max<").append(HumanUnits.nanos(top >= 62 ? Long.MAX_VALUE : 1L << (top + 1)));
        }
        line.append(' ').append(IpAddressText.of(s.getClientAddr())).append(" -> ")
                .append(HostPort.format(IpAddressText.of(s.getServerAddr()), s.getServerPort()));
        if (s.getServerPid() != 0) {
            line.append(" server pid=").append(s.getServerPid());
        } else if (s.getClientPid() != 0) {
            line.append(" client pid=").append(s.getClientPid());
        }
        if (s.getTls()) {
            line.append(" tls");
        }
        return line.toString();
    }
}
