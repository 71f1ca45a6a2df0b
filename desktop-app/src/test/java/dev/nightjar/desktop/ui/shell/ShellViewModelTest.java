package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.RecordKind;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.bundle.BundleWriter;
import dev.nightjar.protocol.bundle.NodeRecorder;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.AbstractExecutorService;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening bundles without a stage: background work and UI callbacks run inline, in order. */
class ShellViewModelTest {

    @TempDir
    Path dir;

    private final Executor inline = Runnable::run;
    private final ShellViewModel vm = new ShellViewModel(new BackgroundTasks(new InlineExecutorService(), inline),
            inline, StoreLimits.uniform(10_000, 8));

    @AfterEach
    void close() {
        vm.close();
    }

    private Path bundleWithTwoNodes(int flowsPerNode) throws Exception {
        Path file = dir.resolve("incident.njcap");
        try (BundleWriter writer = BundleWriter.create(file, "nightjar test")) {
            for (String node : List.of("worker-1", "worker-2")) {
                try (NodeRecorder rec = writer.node(node, SensorInfo.newBuilder().setNodeName(node)
                        .setKernelRelease("6.18.0").build())) {
                    for (int i = 0; i < flowsPerNode; i++) {
                        FiveTuple tuple = FiveTuple.newBuilder()
                                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(30000 + i)
                                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(80)
                                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
                        rec.append(SensorEvent.newBuilder().setNode(node).setSequence(i)
                                .setTimestampNs(1_764_000_000_000_000_000L + i * 1_000_000L)
                                .setFlow(FlowUpdate.newBuilder().setFlowId(i).setTuple(tuple)
                                        .setBytesSent(i * 7919L % 100_000)).build());
                    }
                }
            }
            writer.commit();
        }
        return file;
    }

    @Test
    void aWholeBundleOpensIntoTheWorkbenchWithEveryEvent() throws Exception {
        vm.openBundle(bundleWithTwoNodes(500));

        WorkbenchViewModel workbench = vm.workbenchProperty().get();
        assertThat(workbench).isNotNull();
        assertThat(workbench.source().live()).isFalse();
        assertThat(workbench.source().banner()).contains("worker-1, worker-2").contains("nightjar test")
                .doesNotContain("Damaged");
        assertThat(workbench.store().nodeNames()).containsExactly("worker-1", "worker-2");
        assertThat(workbench.store().node("worker-2").orElseThrow().size(RecordKind.FLOW)).isEqualTo(500);
        assertThat(workbench.store().node("worker-1").orElseThrow().info()).get()
                .extracting(SensorInfo::getKernelRelease).isEqualTo("6.18.0");
        assertThat(vm.statusProperty().get()).isEqualTo("Opened incident.njcap: 1,000 events");
        assertThat(vm.openErrorProperty().get()).isEmpty();
        assertThat(vm.titleProperty().get()).startsWith("incident.njcap");
    }

    @Test
    void somethingThatIsNotABundleSaysWhyAndKeepsTheWelcomeScreen() throws Exception {
        Path notes = dir.resolve("notes.njcap");
        Files.writeString(notes, "these are my notes, not a capture");
        vm.openBundle(notes);

        assertThat(vm.workbenchProperty().get()).isNull();
        assertThat(vm.openErrorProperty().get()).startsWith("Cannot open notes.njcap: ").contains("notes.njcap");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void aDamagedNodeEntryIsNamedAndTheOtherNodeStillOpens() throws Exception {
        Path file = bundleWithTwoNodes(2_000);
        byte[] bytes = Files.readAllBytes(file);
        // Past the first local header: inside nodes/0/events.pb's compressed data.
        for (int i = 300; i < 340; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);

        vm.openBundle(file);

        WorkbenchViewModel workbench = vm.workbenchProperty().get();
        assertThat(workbench).isNotNull();
        assertThat(workbench.source().banner()).contains("Damaged").contains("nodes/0/events.pb");
        assertThat(workbench.store().node("worker-2").orElseThrow().size(RecordKind.FLOW)).isEqualTo(2_000);
        assertThat(vm.statusProperty().get()).contains("with 1 problem(s)");
    }

    /** Runs submitted work at once on the caller's thread. */
    private static final class InlineExecutorService extends AbstractExecutorService {
        private boolean shutdown;

        @Override public void execute(Runnable command) { command.run(); }
        @Override public void shutdown() { shutdown = true; }
        @Override public List<Runnable> shutdownNow() { shutdown = true; return List.of(); }
        @Override public boolean isShutdown() { return shutdown; }
        @Override public boolean isTerminated() { return shutdown; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }
}
