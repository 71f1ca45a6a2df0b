package dev.nightjar.desktop.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One request as a line of {@code requests.jsonl}. Field names are part of the format,
 * documented in {@code docs/EXPORT-FORMATS.md}; add fields, never rename or remove one.
 * Exactly one of {@code http}, {@code dns}, {@code postgres}, {@code redis} is present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"node", "timestampNs", "startNs", "protocol", "srcAddr", "srcPort", "dstAddr", "dstPort",
        "transport", "role", "pid", "tid", "comm", "cgroupId", "netnsInode", "latencyNs", "requestBytes",
        "responseBytes", "tls", "error", "noResponse", "incomplete", "literalsUnmasked", "flowId", "method", "target",
        "status", "http", "dns", "postgres", "redis"})
public record RequestLine(
        String node, long timestampNs, long startNs, String protocol,
        String srcAddr, int srcPort, String dstAddr, int dstPort, String transport, String role,
        long pid, long tid, String comm, long cgroupId, long netnsInode,
        long latencyNs, long requestBytes, long responseBytes,
        boolean tls, boolean error, boolean noResponse, String incomplete, boolean literalsUnmasked, long flowId,
        String method, String target, String status,
        Http http, Dns dns, Postgres postgres, Redis redis) {

    @JsonPropertyOrder({"method", "path", "route", "host", "status", "contentType", "userAgent", "httpVersion",
            "streamId", "grpc", "grpcStatus", "grpcMessage"})
    public record Http(String method, String path, String route, String host, int status, String contentType,
                       String userAgent, String httpVersion, long streamId, boolean grpc, long grpcStatus,
                       String grpcMessage) {
    }

    @JsonPropertyOrder({"id", "queryName", "queryType", "queryTypeName", "rcode", "rcodeName", "answers", "overTcp"})
    public record Dns(long id, String queryName, long queryType, String queryTypeName, long rcode, String rcodeName,
                      long answers, boolean overTcp) {
    }

    @JsonPropertyOrder({"statement", "extendedProtocol", "commandTag", "sqlstate", "errorMessage"})
    public record Postgres(String statement, boolean extendedProtocol, String commandTag, String sqlstate,
                           String errorMessage) {
    }

    @JsonPropertyOrder({"command", "firstKey", "error"})
    public record Redis(String command, String firstKey, String error) {
    }
}
