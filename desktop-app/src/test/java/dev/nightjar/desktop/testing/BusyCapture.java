package dev.nightjar.desktop.testing;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.profile.SampleStacks;
import dev.nightjar.desktop.syscalls.SyscallEvents;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.TcpState;

/**
 * A small capture with a bit of everything the pages show, for tests of the views: a node
 * with a sensor description, flows (one of them this session's own stream on loopback port
 * 7700, the busiest), drops of two reasons from many ephemeral client ports, slow syscalls
 * (some failing) and stack samples of two processes.
 */
public final class BusyCapture {

    public static final String NODE = "worker-1";
    public static final long T0 = 1_764_000_000_000_000_000L;
    public static final long MS = 1_000_000L;
    /** The port the session's own sensor stream goes to (a local sensor's, in these tests). */
    public static final int SENSOR_PORT = 7700;

    private BusyCapture() {
    }

    public static CaptureStore store() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 8));
        long[] seq = {0};
        java.util.function.Consumer<SensorEvent> add = e -> store.accept(e.toBuilder().setSequence(++seq[0]).build());
        add.accept(SensorEvent.newBuilder().setNode(NODE).setTimestampNs(T0).setInfo(SensorInfo.newBuilder()
                .setNodeName(NODE).setKernelRelease("6.18.0").setArchitecture("x86_64").setSensorVersion("test")
                .addFeatures(FeatureState.newBuilder().setFeature(dev.nightjar.protocol.v1.Feature.FEATURE_FLOWS)
                        .setRunning(true))
                .addFeatures(FeatureState.newBuilder().setFeature(dev.nightjar.protocol.v1.Feature.FEATURE_DROPS)
                        .setRunning(true))).build());
        // This session's own stream: loopback to the sensor's port, far the busiest flow.
        add.accept(flow(1, new byte[] {127, 0, 0, 1}, 51_000, new byte[] {127, 0, 0, 1}, SENSOR_PORT,
                500_000_000L, T0 + 10 * MS, 4242, "java"));
        for (int i = 0; i < 30; i++) {
            add.accept(flow(100 + i, new byte[] {10, 1, 0, (byte) (10 + i % 5)}, 40_000 + i,
                    new byte[] {10, 2, 0, 7}, 8080, 1_000L * (i + 1), T0 + (20 + i) * MS, 3000 + i % 5, "frontend"));
        }
        for (int i = 0; i < 40; i++) {
            // A client retrying a closed port: a new ephemeral port each time.
            add.accept(drop("NO_SOCKET", new byte[] {10, 1, 0, 10}, 33_000 + i, new byte[] {10, 2, 0, 9}, 9090,
                    T0 + (30 + i) * MS));
        }
        for (int i = 0; i < 5; i++) {
            add.accept(drop("NETFILTER_DROP", new byte[] {10, 1, 0, 11}, 5555, new byte[] {10, 2, 0, 8}, 443,
                    T0 + (40 + i) * MS));
        }
        add.accept(SyscallEvents.process(NODE, 3000, "frontend", ""));
        add.accept(SyscallEvents.process(NODE, 3100, "db", ""));
        for (int i = 0; i < 10; i++) {
            add.accept(SyscallEvents.span(NODE, 3000, "frontend", "connect", T0 + i * 10 * MS, (2 + i) * MS,
                    i % 3 == 0 ? 111 : 0, "tcp 10.1.0.10:40000->10.2.0.9:9090"));
            add.accept(SyscallEvents.span(NODE, 3100, "db", "fsync", T0 + i * 10 * MS + 5 * MS, 3 * MS, 0,
                    "/var/lib/db/wal"));
        }
        add.accept(SampleStacks.process(3000, "frontend").stack(60, "main", "serve", "render")
                .stack(10, "main", "idle").event(NODE, 0, T0 + 50 * MS));
        add.accept(SampleStacks.process(3100, "db").stack(30, "main", "commit", "fsync")
                .event(NODE, 0, T0 + 60 * MS));
        return store;
    }

    private static SensorEvent flow(long id, byte[] src, int sport, byte[] dst, int dport, long bytes, long ts,
                                    int pid, String comm) {
        return SensorEvent.newBuilder().setNode(NODE).setTimestampNs(ts).setFlow(FlowUpdate.newBuilder()
                .setFlowId(id).setTuple(FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(src)).setSrcPort(sport)
                        .setDstAddr(ByteString.copyFrom(dst)).setDstPort(dport).setProtocol(L4Protocol.L4_PROTOCOL_TCP))
                .setTcpState(TcpState.TCP_STATE_ESTABLISHED).setBytesSent(bytes).setBytesReceived(bytes / 2)
                .setFirstSeenNs(T0).setLastSeenNs(ts).setPid(pid).setComm(comm)).build();
    }

    private static SensorEvent drop(String reason, byte[] src, int sport, byte[] dst, int dport, long ts) {
        return SensorEvent.newBuilder().setNode(NODE).setTimestampNs(ts).setDrop(DropEvent.newBuilder()
                .setReasonName(reason).setCount(1).setLocation("tcp_v4_rcv+0x1a2").setIfname("eth0")
                .setFirstSeenNs(ts).setLastSeenNs(ts)
                .setTuple(FiveTuple.newBuilder().setSrcAddr(ByteString.copyFrom(src)).setSrcPort(sport)
                        .setDstAddr(ByteString.copyFrom(dst)).setDstPort(dport).setProtocol(L4Protocol.L4_PROTOCOL_TCP)))
                .build();
    }
}
