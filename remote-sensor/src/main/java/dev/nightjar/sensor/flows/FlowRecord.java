package dev.nightjar.sensor.flows;

import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.FilterCheck;
import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes {@code struct nj_flow} (bpf/flows.bpf.c): the value of the
 * connections map and of the aggregates, and the close ring's record, 208 bytes, already
 * oriented client -> server by the kernel:
 *
 * <pre>
 * tuple @0 (40)  flow_id @40  first_ns @48  last_ns @56  updated_ns @64
 * bytes_sent @72  bytes_received @80  segs_sent @88  segs_received @96
 * cgroup_id @104  server_cgroup_id @112  connections @120
 * owner @128 (struct nj_owner, 24: pid @0, source @4, comm[16] @8)  server @152
 * netns @176  server_netns @180  retransmits @184  resets_sent @188  resets_received @192
 * error @196  state @200  role @201  role_source @202  verdict @203  record @204
 * ports_differ @205  servers_differ @206  present @207
 * </pre>
 */
final class FlowRecord {

    static final int SIZE = 208;
    static final long FLOW_ID = 40;
    static final long FIRST_NS = 48;
    static final long LAST_NS = 56;
    static final long UPDATED_NS = 64;
    static final long BYTES_SENT = 72;
    static final long BYTES_RECEIVED = 80;
    static final long SEGS_SENT = 88;
    static final long SEGS_RECEIVED = 96;
    static final long CGROUP_ID = 104;
    static final long SERVER_CGROUP_ID = 112;
    static final long CONNECTIONS = 120;
    static final long OWNER = 128;
    static final long SERVER = 152;
    static final long NETNS = 176;
    static final long SERVER_NETNS = 180;
    static final long RETRANSMITS = 184;
    static final long RESETS_SENT = 188;
    static final long RESETS_RECEIVED = 192;
    static final long ERROR = 196;
    static final long STATE = 200;
    static final long ROLE = 201;
    static final long ROLE_SOURCE = 202;
    static final long VERDICT = 203;
    static final long RECORD = 204;
    static final long PORTS_DIFFER = 205;
    static final long SERVERS_DIFFER = 206;
    static final long PRESENT = 207;

    /** Values of {@code record} (NJ_RECORD_* in bpf/flows.bpf.c). */
    static final int RECORD_OPEN = 0;
    static final int RECORD_CLOSE = 1;
    static final int RECORD_LATE_RESET = 2;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    private FlowRecord() {
    }

    static long flowId(MemorySegment flow) {
        return flow.get(U64, FLOW_ID);
    }

    static long firstSeenMonotonic(MemorySegment flow) {
        return flow.get(U64, FIRST_NS);
    }

    static long updatedMonotonic(MemorySegment flow) {
        return flow.get(U64, UPDATED_NS);
    }

    static int record(MemorySegment flow) {
        return Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, RECORD));
    }

    static int role(MemorySegment flow) {
        return Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, ROLE));
    }

    static int clientPort(MemorySegment flow) {
        return Short.toUnsignedInt(flow.get(ValueLayout.JAVA_SHORT_UNALIGNED, 32));
    }

    static int serverPort(MemorySegment flow) {
        return Short.toUnsignedInt(flow.get(ValueLayout.JAVA_SHORT_UNALIGNED, 34));
    }

    static long connections(MemorySegment flow) {
        return flow.get(U64, CONNECTIONS);
    }

    /** Whether the subscription's filter lets this record through (the kernel checks closes itself). */
    static boolean passes(MemorySegment flow, FilterCheck filter) {
        boolean both = role(flow) == FlowRole.FLOW_ROLE_BOTH_VALUE;
        return filter.passes(clientPort(flow), serverPort(flow),
                flow.get(U64, CGROUP_ID), both ? flow.get(U64, SERVER_CGROUP_ID) : flow.get(U64, CGROUP_ID),
                SocketOwner.pid(flow, OWNER), both ? SocketOwner.pid(flow, SERVER) : SocketOwner.pid(flow, OWNER));
    }

    /** A late reset: the socket sent a reset after its close record; folded into that close. */
    static void addLateReset(FlowUpdate.Builder close, MemorySegment lateReset) {
        close.setResetsSent(close.getResetsSent() + lateReset.get(U32, RESETS_SENT))
                .setResetsReceived(close.getResetsReceived() + lateReset.get(U32, RESETS_RECEIVED));
    }

    /** The FlowUpdate of one record. An aggregate of several connections has no single client port. */
    static FlowUpdate.Builder decode(MemorySegment flow, KernelClock clock) {
        int role = role(flow);
        long connections = connections(flow);
        boolean aggregate = connections > 1;
        boolean closed = record(flow) == RECORD_CLOSE;
        FlowUpdate.Builder b = FlowUpdate.newBuilder()
                .setFlowId(flowId(flow))
                .setTuple(BpfTuple.decode(flow.asSlice(0, BpfTuple.SIZE)).toBuilder()
                        .setSrcPort(aggregate && flag(flow, PORTS_DIFFER) ? 0 : clientPort(flow)))
                .setDirection(role == FlowRole.FLOW_ROLE_SERVER_VALUE ? FlowDirection.FLOW_DIRECTION_INBOUND
                        : FlowDirection.FLOW_DIRECTION_OUTBOUND)
                .setRoleValue(role)
                .setRoleSourceValue(Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, ROLE_SOURCE)))
                .setVerdictValue(Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, VERDICT)))
                .setTcpStateValue(Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, STATE)))
                .setBytesSent(flow.get(U64, BYTES_SENT))
                .setBytesReceived(flow.get(U64, BYTES_RECEIVED))
                .setSegmentsSent(flow.get(U64, SEGS_SENT))
                .setSegmentsReceived(flow.get(U64, SEGS_RECEIVED))
                .setRetransmits(flow.get(U32, RETRANSMITS))
                .setResetsSent(flow.get(U32, RESETS_SENT))
                .setResetsReceived(flow.get(U32, RESETS_RECEIVED))
                .setFirstSeenNs(clock.toWallNanos(flow.get(U64, FIRST_NS)))
                .setLastSeenNs(clock.toWallNanos(flow.get(U64, LAST_NS)))
                .setClosed(closed)
                .setPid(SocketOwner.pid(flow, OWNER))
                .setComm(SocketOwner.comm(flow, OWNER))
                .setCgroupId(flow.get(U64, CGROUP_ID))
                .setNetnsInode(Integer.toUnsignedLong(flow.get(U32, NETNS)))
                .setConnections(Math.max(1, connections))
                .setSocketError(flow.get(U32, ERROR));
        if (role == FlowRole.FLOW_ROLE_BOTH_VALUE) {
            b.setServerPid(SocketOwner.pid(flow, SERVER))
                    .setServerComm(SocketOwner.comm(flow, SERVER))
                    .setServerCgroupId(flow.get(U64, SERVER_CGROUP_ID))
                    .setServerNetnsInode(Integer.toUnsignedLong(flow.get(U32, SERVER_NETNS)))
                    .setServerPidsDiffer(aggregate && flag(flow, SERVERS_DIFFER));
        }
        return b;
    }

    private static boolean flag(MemorySegment flow, long offset) {
        return flow.get(ValueLayout.JAVA_BYTE, offset) != 0;
    }
}
