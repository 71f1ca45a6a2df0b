package dev.nightjar.desktop.testing;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowRoleSource;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.TcpState;
import java.util.List;

/**
 * A store filled with every recorded kind on three nodes, one "tick" per millisecond
 * from {@link #START_NS}, with addresses and command lines a redaction test can look for.
 */
public final class CaptureFixtures {

    public static final List<String> NODES = List.of("node-a", "node-b", "node-c");
    public static final long START_NS = 1_764_000_000_000_000_000L;
    public static final long TICK_NS = 1_000_000L;
    public static final int TICKS = 40;

    /** Addresses unlikely to occur by chance as bytes in protobuf data. */
    public static final byte[] CLIENT_V4 = {(byte) 203, 0, 113, 77};
    public static final byte[] SERVER_V4 = {(byte) 198, 51, 100, 23};
    public static final byte[] PEER_V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0x12, 0x34, 0x56, 0x78,
            (byte) 0x9a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0, 0x11, 0x22, 0x33, 0x44};
    public static final String CLIENT_V4_TEXT = "203.0.113.77";
    public static final String SERVER_V4_TEXT = "198.51.100.23";
    public static final String PEER_V6_TEXT = "2001:db8:1234:5678:9abc:def0:1122:3344";
    public static final String SECRET_ARG = "--password=hunter2-correct-horse";
    /** Request literals as a capture with masking off (unmask_literals) records them. */
    public static final String SECRET_QUERY_VALUE = "reset-token-8c1f0e";
    public static final String SECRET_SQL_LITERAL = "alice.secret@example.org";
    public static final String SECRET_REDIS_KEY = "session:4f9d2a77";

    private CaptureFixtures() {
    }

    public static CaptureStore store() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 8));
        for (String node : NODES) {
            long seq = 0;
            store.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(START_NS)
                    .setInfo(SensorInfo.newBuilder().setNodeName(node).setKernelRelease("6.18.0")
                            .setArchitecture("x86_64")).build());
            for (int t = 0; t < TICKS; t++) {
                for (SensorEvent.Builder e : tick(t)) {
                    store.accept(e.setNode(node).setSequence(seq++).setTimestampNs(at(t)).build());
                }
            }
        }
        return store;
    }

    public static long at(int tick) {
        return START_NS + tick * TICK_NS;
    }

    private static List<SensorEvent.Builder> tick(int t) {
        boolean v6 = t % 5 == 0;
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(CLIENT_V4)).setSrcPort(40000 + t)
                .setDstAddr(ByteString.copyFrom(v6 ? v4Mapped(SERVER_V4) : SERVER_V4)).setDstPort(443)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        if (v6) {
            tuple = tuple.toBuilder().setSrcAddr(ByteString.copyFrom(PEER_V6)).build();
        }
        return List.of(
                SensorEvent.newBuilder().setFlow(FlowUpdate.newBuilder().setFlowId(t % 7).setTuple(tuple)
                        .setDirection(FlowDirection.FLOW_DIRECTION_OUTBOUND).setTcpState(TcpState.TCP_STATE_ESTABLISHED)
                        .setBytesSent(1000L * t).setBytesReceived(77L * t).setFirstSeenNs(at(0)).setLastSeenNs(at(t))
                        .setPid(4242).setComm("curl")
                        // as today's sensor sends them; a bundle's flows without a role are
                        // corrected on import (LegacyFlows), so they would not round-trip as they are
                        .setRole(FlowRole.FLOW_ROLE_CLIENT).setRoleSource(FlowRoleSource.FLOW_ROLE_SOURCE_SOCKET)
                        .setVerdict(FlowVerdict.FLOW_VERDICT_ESTABLISHED)),
                SensorEvent.newBuilder().setDrop(DropEvent.newBuilder().setReasonCode(2)
                        .setReasonName(t % 2 == 0 ? "NO_SOCKET" : "NETFILTER_DROP").setTuple(tuple).setCount(t + 1)
                        .setFirstSeenNs(at(t)).setLastSeenNs(at(t))),
                SensorEvent.newBuilder().setSyscallSpan(SyscallSpan.newBuilder().setPid(4242).setTid(4243)
                        .setComm("curl").setSyscallName("connect").setStartNs(at(t)).setDurationNs(5_000_000)
                        .setFd(3).setFdTarget("tcp " + CLIENT_V4_TEXT + ":" + (40000 + t) + "->[" + PEER_V6_TEXT
                                + "]:443 via " + SERVER_V4_TEXT)),
                SensorEvent.newBuilder().setSyscallHistogram(SyscallHistogram.newBuilder().setPid(4242)
                        .setSyscallName("read").setCount(t).addLog2Buckets(t)),
                SensorEvent.newBuilder().setStacks(stacks(t)),
                SensorEvent.newBuilder().setProcess(ProcessInfo.newBuilder().setPid(4242 + t).setComm("curl")
                        .addCmdline("curl").addCmdline(SECRET_ARG).addCmdline("https://" + SERVER_V4_TEXT + "/x")),
                SensorEvent.newBuilder().setRequest(request(t, tuple)),
                SensorEvent.newBuilder().setRequestStats(RequestStats.newBuilder()
                        .setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setClientAddr(tuple.getSrcAddr())
                        .setServerAddr(tuple.getDstAddr()).setServerPort(443).setClientPid(4242)
                        .setMethod("GET").setRoute("/orders/{id}").setStatusClass("2xx").setCount(t + 1)
                        .addLog2Buckets(0).addLog2Buckets(t + 1)
                        .setIntervalStartNs(at(t)).setIntervalEndNs(at(t) + TICK_NS)),
                SensorEvent.newBuilder().setSecurity(SecurityEvent.newBuilder().setTimeNs(at(t))
                        .setPolicy("sensitive-kernel-paths").setKind(SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN)
                        .setPath("/proc/sys/kernel/hostname")
                        .setProcess(SecurityProcess.newBuilder().setPid(4242 + t).setComm("cat").setBinary("/usr/bin/cat")
                                .addArgv("cat").addArgv(SECRET_ARG).addArgv("/proc/sys/kernel/hostname")
                                .setCwd("/srv/" + SERVER_V4_TEXT))));
    }

    /** In turn an HTTP, a PostgreSQL and a Redis exchange, recorded with literals unmasked. */
    private static Request.Builder request(int t, FiveTuple tuple) {
        Request.Builder r = Request.newBuilder().setTuple(tuple).setRole(FlowRole.FLOW_ROLE_CLIENT).setPid(4242)
                .setComm("curl").setStartNs(at(t)).setLatencyNs(1_000_000L * (t + 1)).setLiteralsUnmasked(true)
                .setFlowId(t % 7);
        return switch (t % 3) {
            case 0 -> r.setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setHttp(HttpRequest.newBuilder().setMethod("GET")
                    .setPath("/reset?token=" + SECRET_QUERY_VALUE).setRoute("/reset").setHost(SERVER_V4_TEXT + ":443")
                    .setStatus(200));
            case 1 -> r.setProtocol(AppProtocol.APP_PROTOCOL_POSTGRES).setPostgres(PostgresRequest.newBuilder()
                    .setStatement("SELECT id FROM users WHERE email = '" + SECRET_SQL_LITERAL + "'")
                    .setCommandTag("SELECT 1"));
            default -> r.setProtocol(AppProtocol.APP_PROTOCOL_REDIS).setRedis(RedisRequest.newBuilder()
                    .setCommand("GET").setFirstKey(SECRET_REDIS_KEY));
        };
    }

    /** Frames: 0 main, 1 work, 2 hash, 3 read; stacks are root first. */
    private static StackSamples.Builder stacks(int t) {
        return StackSamples.newBuilder().setPid(4242).setComm(t % 2 == 0 ? "curl" : "java").setFrequencyHz(99)
                .setIntervalStartNs(at(t)).setIntervalEndNs(at(t) + TICK_NS)
                .addFrames(Frame.newBuilder().setName("main").setKind(FrameKind.FRAME_KIND_NATIVE))
                .addFrames(Frame.newBuilder().setName("work").setKind(FrameKind.FRAME_KIND_NATIVE))
                .addFrames(Frame.newBuilder().setName("hash;inner").setKind(FrameKind.FRAME_KIND_JIT))
                .addFrames(Frame.newBuilder().setName("read").setKind(FrameKind.FRAME_KIND_KERNEL))
                .addStacks(FoldedStack.newBuilder().addFrames(0).addFrames(1).addFrames(2).setCount(t + 1))
                .addStacks(FoldedStack.newBuilder().addFrames(0).addFrames(3).setCount(2));
    }

    static byte[] v4Mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }
}
