package dev.nightjar.desktop.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.bundle.BundleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a stage: the "UI thread" is this test's thread, draining a queue. */
class ExportViewModelTest {

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<Runnable> ui = new LinkedBlockingQueue<>();

    /** Runs UI work until the view model is no longer busy (bounded). */
    private void awaitDone(ExportViewModel vm) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            Runnable r = ui.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        } while ((vm.busyProperty().get() || !ui.isEmpty()) && System.nanoTime() < deadline);
        assertThat(vm.busyProperty().get()).as("finished within a minute").isFalse();
    }

    /** The estimate is counted on a background task: runs UI work until it says "About …" (bounded). */
    private String awaitEstimate(ExportViewModel vm) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!vm.estimateProperty().get().startsWith("About") && System.nanoTime() < deadline) {
            Runnable r = ui.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        }
        return vm.estimateProperty().get();
    }

    @Test
    void theEstimateFollowsTheSelectionAndTheExportWritesOnlyIt() throws Exception {
        CaptureStore store = CaptureFixtures.store();
        try (BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(), ui::add)) {
            ExportViewModel vm = new ExportViewModel(store, tasks, ui::add);
            assertThat(vm.span()).isEqualTo(store.span().orElseThrow());
            int kinds = PayloadKind.records().size();
            assertThat(awaitEstimate(vm)).startsWith(String.format("About %,d events", 3 * 40 * kinds));

            vm.everythingProperty().set(false);
            vm.nodes().get("node-b").set(false);
            vm.fromNsProperty().set(CaptureFixtures.at(30));
            assertThat(vm.estimateProperty().get()).as("counted off the UI thread").isEqualTo("Counting…");
            assertThat(awaitEstimate(vm)).startsWith("About " + 2 * 10 * kinds + " events");
            vm.nodes().values().forEach(p -> p.set(false));
            assertThat(vm.estimateProperty().get()).contains("No node chosen");
            vm.nodes().get("node-a").set(true);
            vm.hashAddressesProperty().set(true);
            vm.dropCommandLinesProperty().set(true);

            Path target = dir.resolve("part.njcap");
            List<Double> progress = new ArrayList<>();
            vm.progressProperty().addListener((obs, old, p) -> progress.add(p.doubleValue()));
            vm.exportBundle(target);
            assertThat(vm.busyProperty().get()).isTrue();
            awaitDone(vm);

            assertThat(vm.statusProperty().get()).startsWith("Exported " + (10 * kinds) + " events to " + target)
                    .contains(" on disk)");
            assertThat(progress).last().isEqualTo(1.0);
            try (BundleReader reader = BundleReader.open(target)) {
                assertThat(reader.manifest().nodes()).extracting(n -> n.name()).containsExactly("node-a");
                assertThat(reader.manifest().redactions()).hasSize(2);
            }
            CaptureStore opened = new CaptureStore(StoreLimits.uniform(1000, 4));
            BundleImport.into(target, opened);
            assertThat(opened.span()).contains(new TimeWindow(CaptureFixtures.at(30), CaptureFixtures.at(39)));
        }
    }

    @Test
    void otherFormatsUseTheChosenRangeAndAFailureSaysWhatToDo() throws Exception {
        CaptureStore store = CaptureFixtures.store();
        try (BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(), ui::add)) {
            ExportViewModel vm = new ExportViewModel(store, tasks, ui::add);
            vm.everythingProperty().set(false);
            vm.toNsProperty().set(CaptureFixtures.at(2));
            Path flows = dir.resolve("flows.jsonl");
            vm.exportFlows(flows);
            awaitDone(vm);
            assertThat(vm.statusProperty().get()).startsWith("Wrote 9 flows to " + flows);
            assertThat(Files.readAllLines(flows)).hasSize(9);

            vm.exportSpeedscope(dir.resolve("no/such/dir/cpu.json"));
            awaitDone(vm);
            assertThat(vm.statusProperty().get()).startsWith("Export failed: ").contains("check the folder exists");
        }
    }
}
