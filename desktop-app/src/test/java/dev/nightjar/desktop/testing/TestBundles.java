package dev.nightjar.desktop.testing;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.bundle.BundleWriter;
import dev.nightjar.protocol.bundle.NodeRecorder;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real bundles, written with the real writer, for desktop tests. */
public final class TestBundles {

    public static final List<String> NODES = List.of("worker-1", "worker-2");
    public static final long START_NS = 1_764_000_000_000_000_000L;

    private TestBundles() {
    }

    /** Two nodes, each with {@code flowsPerNode} TCP flow updates one millisecond apart. */
    public static Path twoNodes(Path file, int flowsPerNode) throws Exception {
        try (BundleWriter writer = BundleWriter.create(file, "nightjar test")) {
            for (String node : NODES) {
                try (NodeRecorder rec = writer.node(node, SensorInfo.newBuilder().setNodeName(node)
                        .setKernelRelease("6.18.0").setArchitecture("x86_64").build())) {
                    for (int i = 0; i < flowsPerNode; i++) {
                        rec.append(flow(node, i));
                    }
                }
            }
            writer.commit();
        }
        return file;
    }

    private static SensorEvent flow(String node, int i) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(30000 + i)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(80)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        return SensorEvent.newBuilder().setNode(node).setSequence(i)
                .setTimestampNs(START_NS + i * 1_000_000L)
                .setFlow(FlowUpdate.newBuilder().setFlowId(i).setTuple(tuple).setBytesSent(i * 7919L % 100_000))
                .build();
    }

    /** XORs a run of bytes just past the first local header: inside nodes/0/events.pb's data. */
    public static void damageFirstNodeEntry(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 300; i < 340; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);
    }
}
