package dev.nightjar.desktop.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.Heartbeat;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorResources;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeOverviewsTest {

    @Test
    void summarisesFeaturesResourcesCountsAndEveryLoss() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(3, 8));
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(0).setInfo(SensorInfo.newBuilder()
                .setKernelRelease("6.18.4").setArchitecture("x86_64").setSensorVersion("0.1.0")
                .addFeatures(FeatureState.newBuilder().setFeature(Feature.FEATURE_DROPS).setRunning(true))
                .addFeatures(FeatureState.newBuilder().setFeature(Feature.FEATURE_PROFILE).setRunning(false)
                        .setReason("perf_event_open: EACCES (kernel.perf_event_paranoid=3)"))).build());
        for (int i = 1; i <= 5; i++) {
            store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(i).setTimestampNs(i)
                    .setDrop(DropEvent.newBuilder().setReasonName("NO_SOCKET").setCount(1)).build());
        }
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(9).setHeartbeat(Heartbeat.newBuilder()
                .setResources(SensorResources.newBuilder().setCpuTimeNsTotal(2_500_000_000L).setRssBytes(90L << 20))).build());
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(10).setLost(LostEvents.newBuilder()
                .addCounters(LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_DROPS).setLostTotal(1234))).build());

        List<NodeOverview> rows = NodeOverviews.of(store);
        assertThat(rows).hasSize(1);
        NodeOverview row = rows.getFirst();
        assertThat(row.kernelRelease()).isEqualTo("6.18.4");
        assertThat(row.features()).containsExactly(
                new NodeOverview.FeatureLine("drops", true, ""),
                new NodeOverview.FeatureLine("profile", false, "perf_event_open: EACCES (kernel.perf_event_paranoid=3)"));
        assertThat(row.sensorCpuSeconds()).isEqualTo(2.5);
        assertThat(row.sensorRssBytes()).isEqualTo(90L << 20);
        assertThat(row.recorded()).containsEntry(PayloadKind.DROP, 3);
        // 1234 in the kernel + 2 evicted (capacity 3, 5 drops) + 3 sequence numbers skipped (6, 7, 8).
        assertThat(row.lostTotal()).isEqualTo(1234 + 2 + 3);
        assertThat(row.lossDetails()).containsExactly(
                "1,234 drops lost at kernel ring buffer",
                "2 drop records evicted from the desktop's store (capacity reached)",
                "3 events missing from the stream");
    }

    @Test
    void aCardNamesItsNodesTopTalkersAndItsDropRate() {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        long sec = 1_000_000_000L;
        int seq = 0;
        for (int flow = 1; flow <= 4; flow++) {
            // flows to port 8080 carry 10x the bytes of the ones to 53
            int port = flow <= 2 ? 8080 : 53;
            store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(++seq).setTimestampNs(flow * sec)
                    .setFlow(FlowUpdate.newBuilder().setFlowId(flow).setTuple(FiveTuple.newBuilder()
                            .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40000 + flow)
                            .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(port)
                            .setProtocol(L4Protocol.L4_PROTOCOL_TCP))
                            .setBytesSent(port == 8080 ? 10_000 : 1_000))
                    .build());
        }
        // 30 packets between second 10 and second 40: 60 per minute
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(++seq).setTimestampNs(10 * sec)
                .setDrop(DropEvent.newBuilder().setReasonName("NO_SOCKET").setCount(10)
                        .setFirstSeenNs(10 * sec).setLastSeenNs(12 * sec)).build());
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(++seq).setTimestampNs(40 * sec)
                .setDrop(DropEvent.newBuilder().setReasonName("NO_SOCKET").setCount(20)
                        .setFirstSeenNs(39 * sec).setLastSeenNs(40 * sec)).build());

        NodeOverview row = NodeOverviews.of(store).getFirst();

        assertThat(row.topTalkers()).hasSizeLessThanOrEqualTo(NodeOverviews.TOP_TALKERS).isNotEmpty();
        assertThat(row.topTalkers().getFirst().destination()).endsWith(":8080");
        assertThat(row.topTalkers().getFirst().bytes()).isGreaterThanOrEqualTo(20_000);
        assertThat(row.drops().packets()).isEqualTo(30);
        assertThat(row.drops().perMinute()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(0.01));
    }
}
