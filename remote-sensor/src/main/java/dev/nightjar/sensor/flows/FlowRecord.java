package dev.nightjar.sensor.flows;

import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes {@code struct nj_flow} (bpf/flows.bpf.c), the flow map value and the
 * ring buffer's close record, 144 bytes:
 *
 * <pre>
 * tuple @0 (40, src = the local socket)  flow_id @40  first_ns @48  last_ns @56
 * bytes_out @64  bytes_in @72  segs_out @80  segs_in @88  cgroup_id @96
 * retransmits @104  resets_out @108  resets_in @112  pid @116  netns @120
 * state @124  direction @125  owner_source @126  closed @127  comm[16] @128
 * </pre>
 *
 * The kernel keeps the local socket's view; the wire orients a flow from its
 * initiator (FlowUpdate: src is the side that connected), so an accepted
 * flow is turned around: tuple reversed, in/out counters swapped.
 * Retransmits are always the local socket's.
 */
final class FlowRecord {

    static final int SIZE = 144;
    static final long FLOW_ID = 40;
    static final long FIRST_NS = 48;
    static final long LAST_NS = 56;
    static final long BYTES_OUT = 64;
    static final long BYTES_IN = 72;
    static final long SEGS_OUT = 80;
    static final long SEGS_IN = 88;
    static final long CGROUP_ID = 96;
    static final long RETRANSMITS = 104;
    static final long RESETS_OUT = 108;
    static final long RESETS_IN = 112;
    static final long PID = 116;
    static final long NETNS = 120;
    static final long STATE = 124;
    static final long DIRECTION = 125;
    static final long CLOSED = 127;
    static final long COMM = 128;
    static final int COMM_LENGTH = 16;

    /** Values of {@code closed} (NJ_RECORD_* in bpf/flows.bpf.c). */
    static final int RECORD_CLOSE = 1;
    static final int RECORD_LATE_RESET = 2;

    static final int DIRECTION_OUTBOUND = 1;
    static final int DIRECTION_INBOUND = 2;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    private FlowRecord() {
    }

    static long flowId(MemorySegment flow) {
        return flow.get(U64, FLOW_ID);
    }

    static long lastSeenMonotonic(MemorySegment flow) {
        return flow.get(U64, LAST_NS);
    }

    static boolean closed(MemorySegment flow) {
        return flow.get(ValueLayout.JAVA_BYTE, CLOSED) == RECORD_CLOSE;
    }

    /** A ring record saying the flow's socket sent a reset after its close record. */
    static boolean isLateReset(MemorySegment record) {
        return record.get(ValueLayout.JAVA_BYTE, CLOSED) == RECORD_LATE_RESET;
    }

    /** Folds a late reset into the flow's close, in the close's orientation. */
    static void addLateReset(FlowUpdate.Builder close) {
        if (close.getDirection() == FlowDirection.FLOW_DIRECTION_INBOUND) {
            close.setResetsReceived(close.getResetsReceived() + 1);
        } else {
            close.setResetsSent(close.getResetsSent() + 1);
        }
    }

    static int pid(MemorySegment flow) {
        return flow.get(U32, PID);
    }

    /** The FlowUpdate of one flow, oriented from its initiator. */
    static FlowUpdate.Builder decode(MemorySegment flow, KernelClock clock) {
        int direction = Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, DIRECTION));
        boolean inbound = direction == DIRECTION_INBOUND;
        MemorySegment tuple = flow.asSlice(0, BpfTuple.SIZE);
        long bytesOut = flow.get(U64, BYTES_OUT);
        long bytesIn = flow.get(U64, BYTES_IN);
        long segsOut = flow.get(U64, SEGS_OUT);
        long segsIn = flow.get(U64, SEGS_IN);
        int resetsOut = flow.get(U32, RESETS_OUT);
        int resetsIn = flow.get(U32, RESETS_IN);
        FlowUpdate.Builder b = FlowUpdate.newBuilder()
                .setFlowId(flowId(flow))
                .setTuple(inbound ? BpfTuple.decodeReversed(tuple) : BpfTuple.decode(tuple))
                .setDirection(direction == DIRECTION_OUTBOUND ? FlowDirection.FLOW_DIRECTION_OUTBOUND
                        : inbound ? FlowDirection.FLOW_DIRECTION_INBOUND : FlowDirection.FLOW_DIRECTION_UNSPECIFIED)
                .setTcpStateValue(Byte.toUnsignedInt(flow.get(ValueLayout.JAVA_BYTE, STATE)))
                .setBytesSent(inbound ? bytesIn : bytesOut)
                .setBytesReceived(inbound ? bytesOut : bytesIn)
                .setSegmentsSent(inbound ? segsIn : segsOut)
                .setSegmentsReceived(inbound ? segsOut : segsIn)
                .setRetransmits(flow.get(U32, RETRANSMITS))
                .setResetsSent(inbound ? resetsIn : resetsOut)
                .setResetsReceived(inbound ? resetsOut : resetsIn)
                .setFirstSeenNs(clock.toWallNanos(flow.get(U64, FIRST_NS)))
                .setLastSeenNs(clock.toWallNanos(flow.get(U64, LAST_NS)))
                .setClosed(closed(flow))
                .setPid(flow.get(U32, PID))
                .setComm(BpfTuple.cString(flow, COMM, COMM_LENGTH))
                .setCgroupId(flow.get(U64, CGROUP_ID))
                .setNetnsInode(Integer.toUnsignedLong(flow.get(U32, NETNS)));
        return b;
    }
}
