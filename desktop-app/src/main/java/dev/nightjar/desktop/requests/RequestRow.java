package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.protocol.v1.Request;

/**
 * One request as the Requests table shows it, endpoints named as on the Flows page.
 *
 * @param node       the node whose sensor read it
 * @param startNs    the request's first byte, ns since the epoch
 * @param source     the client
 * @param destination the server
 * @param protocol   {@link AppProtocols#NAMES}
 * @param method     HTTP method, DNS query type, SQL command, Redis command
 * @param target     HTTP path (gRPC method), DNS query name, SQL statement, Redis key
 * @param status     HTTP status, gRPC status name, DNS rcode name, SQLSTATE or "ERR"; "" when none
 * @param request    the whole record, for the details pane and the links to its flow
 */
public record RequestRow(String node, long startNs, FlowEndpoint source, FlowEndpoint destination, String protocol,
                         String method, String target, String status, Request request) {

    public boolean error() {
        return request.getError();
    }

    public long latencyNs() {
        return request.getLatencyNs();
    }

    /** The HTTP status (HTTP/1, HTTP/2 and gRPC's own :status); 0 for other protocols or without a response. */
    public int httpStatus() {
        return request.hasHttp() ? request.getHttp().getStatus() : 0;
    }

    /** A key that stays the same for one request across refreshes: node, start and connection. */
    public String key() {
        return node + "/" + startNs + "/" + request.getTuple().getSrcPort() + "/" + request.getTid() + "/"
                + (request.hasHttp() ? request.getHttp().getStreamId() : request.hasDns() ? request.getDns().getId() : 0);
    }

    /**
     * The request as a connection: endpoints, node, process and role, for the Flows filter's
     * terms and for the trace menus ({@code targets.Traceable}). With role "server" the pid is
     * the server's, as on a flow.
     */
    public FlowRow asFlow() {
        return new FlowRow(request.getFlowId(), node, source, destination,
                WireNames.protocol(request.getTuple().getProtocol()), "", "", request.getRequestBytes(),
                request.getResponseBytes(), startNs, startNs + request.getLatencyNs(), 0, 0, (int) request.getPid(),
                request.getComm(), false, FlowTable.role(request.getRole()), "", "", 1, 0, "");
    }

    /**
     * The Flows filter that shows exactly this request's connection: both addresses and ports
     * and the transport ("from-ip=10.0.1.10 from-port=40001 to-ip=10.0.2.20 to-port=8080 proto=tcp").
     */
    public String flowFilter() {
        return "from-ip=" + source.ip() + " from-port=" + source.port() + " to-ip=" + destination.ip()
                + " to-port=" + destination.port() + " proto=" + WireNames.protocol(request.getTuple().getProtocol())
                .toLowerCase(java.util.Locale.ROOT);
    }
}
