package dev.nightjar.desktop.export;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One flow as a line of {@code flows.jsonl}: the flow's latest update inside the exported
 * window. Field names are part of the format, documented in {@code docs/EXPORT-FORMATS.md};
 * add fields, never rename or remove one.
 */
@JsonPropertyOrder({"node", "flowId", "timestampNs", "protocol", "srcAddr", "srcPort", "dstAddr", "dstPort",
        "direction", "tcpState", "bytesSent", "bytesReceived", "segmentsSent", "segmentsReceived", "retransmits",
        "resetsSent", "resetsReceived", "firstSeenNs", "lastSeenNs", "closed", "pid", "comm", "cgroupId", "netnsInode",
        "role", "verdict", "connections", "serverPid", "serverComm"})
public record FlowLine(
        String node,
        long flowId,
        long timestampNs,
        String protocol,
        String srcAddr,
        int srcPort,
        String dstAddr,
        int dstPort,
        String direction,
        String tcpState,
        long bytesSent,
        long bytesReceived,
        long segmentsSent,
        long segmentsReceived,
        int retransmits,
        int resetsSent,
        int resetsReceived,
        long firstSeenNs,
        long lastSeenNs,
        boolean closed,
        int pid,
        String comm,
        long cgroupId,
        long netnsInode,
        String role,
        String verdict,
        long connections,
        int serverPid,
        String serverComm) {
}
