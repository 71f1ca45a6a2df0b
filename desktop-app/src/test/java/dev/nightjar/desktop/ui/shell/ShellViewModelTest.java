package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.testing.TestBundles;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
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

    @Test
    void aWholeBundleOpensIntoTheWorkbenchWithEveryEvent() throws Exception {
        vm.openBundle(TestBundles.twoNodes(dir.resolve("incident.njcap"), 500));

        WorkbenchViewModel workbench = vm.workbenchProperty().get();
        assertThat(workbench).isNotNull();
        assertThat(workbench.source().live()).isFalse();
        assertThat(workbench.source().banner()).contains("worker-1, worker-2").contains("nightjar test")
                .doesNotContain("Damaged");
        assertThat(workbench.store().nodeNames()).containsExactly("worker-1", "worker-2");
        assertThat(workbench.store().node("worker-2").orElseThrow().size(PayloadKind.FLOW)).isEqualTo(500);
        assertThat(workbench.store().node("worker-1").orElseThrow().info()).get()
                .extracting(SensorInfo::getKernelRelease).isEqualTo("6.18.0");
        assertThat(vm.statusProperty().get()).isEqualTo("Opened incident.njcap: 1,000 events");
        assertThat(vm.openErrorProperty().get()).isEmpty();
        assertThat(vm.titleProperty().get()).startsWith("incident.njcap");
    }

    @Test
    void anOpenCaptureExportsToAWholeBundle() throws Exception {
        vm.openBundle(TestBundles.twoNodes(dir.resolve("incident.njcap"), 300));
        Path copy = dir.resolve("copy.njcap");
        vm.exportCapture(copy);
        assertThat(vm.statusProperty().get()).startsWith("Exported 600 events to " + copy);
        assertThat(BundleReader.verify(copy)).isEmpty();
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
        Path file = TestBundles.twoNodes(dir.resolve("incident.njcap"), 2_000);
        TestBundles.damageFirstNodeEntry(file);

        vm.openBundle(file);

        WorkbenchViewModel workbench = vm.workbenchProperty().get();
        assertThat(workbench).isNotNull();
        assertThat(workbench.source().banner()).contains("Damaged").contains("nodes/0/events.pb");
        assertThat(workbench.store().node("worker-2").orElseThrow().size(PayloadKind.FLOW)).isEqualTo(2_000);
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
