package dev.nightjar.desktop.flows;

import dev.nightjar.desktop.naming.FlowEndpoint;

/**
 * A flow's latest known state, enriched, as the Flows table shows it. The
 * source is the client (the side that connected, or sent the first datagram),
 * the destination the server.
 *
 * @param side        which local socket reported it, for flows of sensors that do not say
 *                    {@code role}: "out" (connecting), "in" (accepting), or ""
 * @param role        which sockets are on the reporting node: "client", "server", "both", or ""
 *                    when the sensor did not say
 * @param verdict     how it went: ESTABLISHED, CLOSED, CONNECTING, REFUSED, TIMED_OUT, RESET,
 *                    UNREACHABLE, or DROPPED when a drop record matches it ({@link Verdicts})
 * @param dropReason  with DROPPED, the matching drops' kernel reason
 * @param connections connections this row stands for: more than 1 for an aggregate of
 *                    short connections, whose source port is then 0 when they used several
 * @param pid         the process of the reporting socket: the client's unless role is "server"
 * @param serverPid   with role "both", the server's process
 */
public record FlowRow(
        long flowId,
        String node,
        FlowEndpoint source,
        FlowEndpoint destination,
        String protocol,
        String side,
        String tcpState,
        long bytesSent,
        long bytesReceived,
        long firstSeenNs,
        long lastSeenNs,
        int retransmits,
        int resets,
        int pid,
        String comm,
        boolean closed,
        String role,
        String verdict,
        String dropReason,
        long connections,
        int serverPid,
        String serverComm) {

    /** A single connection whose verdict is unknown, as sensors before roles reported it. */
    public FlowRow(long flowId, String node, FlowEndpoint source, FlowEndpoint destination, String protocol,
                   String side, String tcpState, long bytesSent, long bytesReceived, long firstSeenNs,
                   long lastSeenNs, int retransmits, int resets, int pid, String comm, boolean closed) {
        this(flowId, node, source, destination, protocol, side, tcpState, bytesSent, bytesReceived, firstSeenNs,
                lastSeenNs, retransmits, resets, pid, comm, closed, "", "", "", 1, 0, "");
    }

    public long durationNs() {
        return Math.max(0, lastSeenNs - firstSeenNs);
    }

    /** Whether it failed: refused, timed out, reset, unreachable or dropped. */
    public boolean failed() {
        return Verdicts.isFailure(verdict);
    }

    /** The client's process, where it is on the reporting node (0 otherwise). */
    public int clientPid() {
        return role.equals("server") ? 0 : pid;
    }

    /** The server's process, where it is on the reporting node (0 otherwise). */
    public int serverProcessPid() {
        return role.equals("server") ? pid : serverPid;
    }

    public String serverProcessComm() {
        return role.equals("server") ? comm : serverComm;
    }

    /** The same row, judged dropped for {@code reason}. */
    public FlowRow dropped(String reason) {
        return new FlowRow(flowId, node, source, destination, protocol, side, tcpState, bytesSent, bytesReceived,
                firstSeenNs, lastSeenNs, retransmits, resets, pid, comm, closed, role, Verdicts.DROPPED, reason,
                connections, serverPid, serverComm);
    }
}
