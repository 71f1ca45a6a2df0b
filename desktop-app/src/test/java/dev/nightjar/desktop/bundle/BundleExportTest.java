package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.Heartbeat;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleExportTest {

    @TempDir
    Path dir;

    @Test
    void exportThenOpenGivesTheSameRecordsInfoAndSensorLossesWithoutInventedGaps() throws Exception {
        CaptureStore live = new CaptureStore(StoreLimits.uniform(1000, 8));
        long seq = 0;
        for (String node : new String[] {"worker-1", "worker-2"}) {
            live.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(1)
                    .setInfo(SensorInfo.newBuilder().setNodeName(node).setKernelRelease("6.18")).build());
            for (int i = 0; i < 50; i++) {
                live.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(100 + i)
                        .setFlow(FlowUpdate.newBuilder().setFlowId(i)).build());
                live.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(100 + i)
                        .setDrop(DropEvent.newBuilder().setReasonName("NO_SOCKET").setCount(i)).build());
                // Heartbeats take sequence numbers but are not recorded: holes an import must not count.
                live.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(100 + i)
                        .setHeartbeat(Heartbeat.getDefaultInstance()).build());
            }
            live.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(160)
                    .setProcess(ProcessInfo.newBuilder().setPid(42).setComm("curl")).build());
            live.accept(SensorEvent.newBuilder().setNode(node).setSequence(seq++).setTimestampNs(170)
                    .setLost(LostEvents.newBuilder().addCounters(LossCounter.newBuilder()
                            .setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER).setKind(EventKind.EVENT_KIND_FLOWS)
                            .setLostTotal(7))).build());
            seq = 0;
        }

        Path file = dir.resolve("export.njcap");
        ExportEstimate estimate = BundleExport.estimate(live, ExportRequest.everything());
        long written = BundleExport.write(live, file);
        assertThat(estimate.events()).as("the estimate counts what is written, closing records included")
                .isEqualTo(written);
        assertThat(Files.exists(file)).isTrue();
        assertThat(written).isEqualTo(2 * (50 + 50 + 1 + 1));

        CaptureStore opened = new CaptureStore(StoreLimits.uniform(1000, 8));
        BundleImport imported = BundleImport.into(file, opened);
        assertThat(imported.problems()).isEmpty();
        for (String node : live.nodeNames()) {
            NodeCapture before = live.node(node).orElseThrow();
            NodeCapture after = opened.node(node).orElseThrow();
            for (PayloadKind kind : PayloadKind.records()) {
                assertThat(after.events(kind)).extracting(e -> e.toBuilder().clearSequence().build())
                        .as("%s %s", node, kind)
                        .containsExactlyElementsOf(before.events(kind).stream().map(e -> e.toBuilder().clearSequence().build()).toList());
            }
            assertThat(after.info()).isEqualTo(before.info());
            assertThat(after.sensorLosses()).isEqualTo(before.sensorLosses());
            assertThat(after.sequenceGaps()).isZero();
            assertThat(after.streamRestarts()).isZero();
        }
    }
}
