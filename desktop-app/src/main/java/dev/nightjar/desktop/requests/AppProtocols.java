package dev.nightjar.desktop.requests;

import dev.nightjar.protocol.v1.AppProtocol;
import java.util.List;

/** The names requests go by on the page and in filters, after {@code hubble observe --protocol}. */
public final class AppProtocols {

    /** Every name a {@code protocol=} term accepts, in this order. */
    public static final List<String> NAMES = List.of("http", "http2", "grpc", "dns", "postgres", "redis");

    /** gRPC status codes 0 … 16 by name (grpc/doc/statuscodes.md). */
    public static final List<String> GRPC_STATUSES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
            "DATA_LOSS", "UNAUTHENTICATED");

    /** DNS response codes 0 … 10 by name (RFC 1035, 2136). */
    public static final List<String> DNS_RCODES = List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
            "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE");

    /** HTTP methods a {@code http-method=} term accepts (RFC 9110, and PATCH). */
    public static final List<String> HTTP_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH");

    private AppProtocols() {
    }

    /** "http", "grpc", …; "" for a protocol this build does not know. */
    public static String name(AppProtocol protocol) {
        return switch (protocol) {
            case APP_PROTOCOL_HTTP1 -> "http";
            case APP_PROTOCOL_HTTP2 -> "http2";
            case APP_PROTOCOL_GRPC -> "grpc";
            case APP_PROTOCOL_DNS -> "dns";
            case APP_PROTOCOL_POSTGRES -> "postgres";
            case APP_PROTOCOL_REDIS -> "redis";
            default -> "";
        };
    }

    /** "UNAVAILABLE" for 14; the number itself past the table. */
    public static String grpcStatus(int code) {
        return code >= 0 && code < GRPC_STATUSES.size() ? GRPC_STATUSES.get(code) : Integer.toString(code);
    }

    /** The sensor's name when it sent one, else the table's; the number past it. */
    public static String dnsRcode(int code, String sent) {
        if (!sent.isEmpty()) {
            return sent;
        }
        return code >= 0 && code < DNS_RCODES.size() ? DNS_RCODES.get(code) : Integer.toString(code);
    }
}
