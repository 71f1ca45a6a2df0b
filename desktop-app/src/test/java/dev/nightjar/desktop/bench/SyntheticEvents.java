package dev.nightjar.desktop.bench;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.TcpState;
import java.util.SplittableRandom;

/**
 * Plausible sensor events of every recorded kind for the frame-time benchmark: a few
 * thousand flows that keep updating, drops over a handful of reasons, syscall spans and
 * histograms of a few dozen processes, and stack samples drawn from a large frame pool,
 * so the views have real work (distinct rows, merging, many distinct frames).
 */
final class SyntheticEvents {

    static final int FLOWS = 4_000;
    /** 48 by default; -Dbench.processes=430 for a node-sized profile (the issue saw 428 processes). */
    static final int PROCESSES = Integer.getInteger("bench.processes", 48);
    static final int FRAME_POOL = 100_000;
    private static final String[] DROP_REASONS = {"NETFILTER_DROP", "NO_SOCKET", "TCP_INVALID_SEQUENCE",
        "SOCKET_RCVBUFF", "QDISC_DROP", "NEIGH_FAILED", "IP_NOROUTE", "TC_INGRESS"};
    private static final String[] SYSCALLS = {"read", "write", "openat", "futex", "epoll_wait", "nanosleep",
        "recvfrom", "sendto", "fsync", "connect"};

    private final String node;
    private final SplittableRandom random;
    private long sequence;

    SyntheticEvents(String node, long seed) {
        this.node = node;
        this.random = new SplittableRandom(seed);
    }

    SensorEvent next(int kind, long nowNs) {
        SensorEvent.Builder e = SensorEvent.newBuilder().setNode(node).setSequence(++sequence).setTimestampNs(nowNs);
        return switch (kind) {
            case 0 -> e.setFlow(flow(nowNs)).build();
            case 1 -> e.setDrop(drop(nowNs)).build();
            case 2 -> e.setSyscallSpan(span(nowNs)).build();
            case 3 -> e.setSyscallHistogram(histogram(nowNs)).build();
            case 4 -> e.setStacks(stacks(nowNs)).build();
            default -> e.setProcess(process()).build();
        };
    }

    static int kinds() {
        return 6;
    }

    private FlowUpdate flow(long nowNs) {
        int id = random.nextInt(FLOWS);
        return FlowUpdate.newBuilder().setFlowId(id).setTuple(tuple(id))
                .setTcpState(TcpState.TCP_STATE_ESTABLISHED).setBytesSent(random.nextLong(1 << 20))
                .setBytesReceived(random.nextLong(1 << 20)).setFirstSeenNs(nowNs - 1_000_000_000L).setLastSeenNs(nowNs)
                .setPid(1000 + id % PROCESSES).setComm("svc-" + id % PROCESSES).build();
    }

    private static FiveTuple tuple(int id) {
        return FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 1, (byte) (id >> 8), (byte) id})).setSrcPort(30000 + id)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 2, 0, (byte) (id % 50)})).setDstPort(8080 + id % 4)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
    }

    private DropEvent drop(long nowNs) {
        int id = random.nextInt(FLOWS);
        return DropEvent.newBuilder().setReasonName(DROP_REASONS[random.nextInt(DROP_REASONS.length)])
                .setLocation("nft_do_chain+0x3e8").setTuple(tuple(id)).setCount(1 + random.nextInt(5))
                .setFirstSeenNs(nowNs).setLastSeenNs(nowNs).build();
    }

    private SyscallSpan span(long nowNs) {
        int pid = 1000 + random.nextInt(PROCESSES);
        return SyscallSpan.newBuilder().setPid(pid).setTid(pid).setComm("svc-" + pid % PROCESSES)
                .setSyscallName(SYSCALLS[random.nextInt(SYSCALLS.length)])
                .setStartNs(nowNs - 5_000_000L).setDurationNs(1_000_000L + random.nextLong(20_000_000L))
                .setFd(3).setFdTarget("pipe:[4242]").build();
    }

    private SyscallHistogram histogram(long nowNs) {
        int pid = 1000 + random.nextInt(PROCESSES);
        SyscallHistogram.Builder h = SyscallHistogram.newBuilder().setPid(pid).setComm("svc-" + pid % PROCESSES)
                .setSyscallName(SYSCALLS[random.nextInt(SYSCALLS.length)]).setCount(100).setErrors(random.nextInt(3))
                .setIntervalStartNs(nowNs - 1_000_000_000L).setIntervalEndNs(nowNs);
        for (int b = 0; b < 32; b++) {
            h.addLog2Buckets(b > 8 && b < 24 ? random.nextInt(20) : 0);
        }
        return h.build();
    }

    /** One process's interval: 20 stacks of depth 12 to 40 over a frame pool of 100,000 names. */
    private StackSamples stacks(long nowNs) {
        int pid = 1000 + random.nextInt(PROCESSES);
        StackSamples.Builder s = StackSamples.newBuilder().setPid(pid).setComm("svc-" + pid % PROCESSES)
                .setFrequencyHz(99).setIntervalStartNs(nowNs - 1_000_000_000L).setIntervalEndNs(nowNs);
        int frame = 0;
        for (int st = 0; st < 20; st++) {
            FoldedStack.Builder stack = FoldedStack.newBuilder().setCount(1 + random.nextInt(10));
            int depth = 12 + random.nextInt(29);
            // shared roots, diverging leaves: like real programs
            int branch = random.nextInt(FRAME_POOL);
            for (int d = 0; d < depth; d++) {
                int name = d < 6 ? d : (branch + d * 7919) % FRAME_POOL;
                s.addFrames(Frame.newBuilder().setName("fn_" + name)
                        .setKind(d < 3 ? FrameKind.FRAME_KIND_NATIVE : d > depth - 4 ? FrameKind.FRAME_KIND_KERNEL
                                : FrameKind.FRAME_KIND_JIT));
                stack.addFrames(frame++);
            }
            s.addStacks(stack);
        }
        return s.build();
    }

    private ProcessInfo process() {
        int pid = 1000 + random.nextInt(PROCESSES);
        return ProcessInfo.newBuilder().setPid(pid).setComm("svc-" + pid % PROCESSES).addCmdline("/app/svc")
                .setContainerId("%064x".formatted(pid)).build();
    }
}
