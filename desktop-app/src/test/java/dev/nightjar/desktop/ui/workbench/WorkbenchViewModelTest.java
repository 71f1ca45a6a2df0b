package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.profile.SampleStacks;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workbench's page contract, without a stage: background and UI work run from queues the test drains. */
class WorkbenchViewModelTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private final List<Runnable> background = new ArrayList<>();
    private final List<Runnable> uiQueue = new ArrayList<>();
    private final ViewExecutors executors = new ViewExecutors(
            r -> { synchronized (background) { background.add(r); } },
            r -> { synchronized (uiQueue) { uiQueue.add(r); } });

    private WorkbenchViewModel workbench() {
        return new WorkbenchViewModel(store, new CaptureSource(false, "test", ""), EndpointNamer.ADDRESSES_ONLY, executors);
    }

    /** Runs background builds and UI applies until neither queue has work, for at least {@code millis}. */
    private void drain(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        for (int round = 0; round < 1_000; round++) {
            List<Runnable> now = new ArrayList<>();
            synchronized (background) {
                now.addAll(background);
                background.clear();
            }
            synchronized (uiQueue) {
                now.addAll(uiQueue);
                uiQueue.clear();
            }
            now.forEach(Runnable::run);
            if (now.isEmpty()) {
                if (System.nanoTime() > until) {
                    return;
                }
                Thread.sleep(10);
            }
        }
    }

    private void stackSamples() {
        store.accept(SampleStacks.process(10, "api").stack(6, "main", "serve", "burn").stack(4, "main", "serve")
                .event("node-a", 1, 1_000));
    }

    @Test
    void aHiddenFlameGraphDoesNoBuildWorkWhileThePageShownDoes() throws Exception {
        try (WorkbenchViewModel vm = workbench()) {
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.OVERVIEW);
            drain(0);
            stackSamples();
            // Long enough for a builder of the flame graph's own (as it once had) to have built and handed over.
            drain(300);
            assertThat(vm.overview().nodes()).extracting(NodeOverview::node).containsExactly("node-a");
            assertThat(vm.flameGraph().treeProperty().get().totalSamples()).as("hidden: not built").isZero();

            vm.pageProperty().set(WorkbenchPage.FLAME_GRAPH);
            drain(0);
            assertThat(vm.flameGraph().treeProperty().get().totalSamples()).as("shown: caught up").isEqualTo(10);
        }
    }

    @Test
    void anOfflineCaptureCountsItsEventsInsteadOfSayingZeroEventsPerSecond() {
        stackSamples();
        try (WorkbenchViewModel vm = workbench()) {
            vm.tick(1_000_000_000L);
            vm.tick(2_000_000_000L);
            assertThat(vm.rateProperty().get()).isEqualTo("1 events").doesNotContain("/s");
            assertThat(vm.stateProperty().get()).isEqualTo(ConnectionState.OFFLINE);
        }
    }

    @Test
    void aLiveBadgeIsLiveOnlyWhileASensorStreams() {
        try (WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "live", ""),
                EndpointNamer.ADDRESSES_ONLY, executors)) {
            assertThat(vm.stateProperty().get()).as("still connecting").isEqualTo(ConnectionState.CONNECTING);
            vm.showConnection("node-a", ConnectionState.RECONNECTING, "◌ connection refused");
            assertThat(vm.stateProperty().get()).isEqualTo(ConnectionState.RECONNECTING);
            vm.showConnection("node-b", ConnectionState.LIVE, "● streaming");
            assertThat(vm.stateProperty().get()).as("one of two streams").isEqualTo(ConnectionState.LIVE);
            assertThat(vm.connectionProperty().get()).isEqualTo("node-a: ◌ connection refused");
            vm.showConnection("node-b", ConnectionState.FAILED, "✖ token rejected");
            vm.showConnection("node-a", ConnectionState.FAILED, "✖ token rejected");
            assertThat(vm.stateProperty().get()).isEqualTo(ConnectionState.FAILED);
            vm.markStopped();
            assertThat(vm.stateProperty().get()).isEqualTo(ConnectionState.STOPPED);
            vm.showConnection("node-a", ConnectionState.RECONNECTING, "late news");
            assertThat(vm.stateProperty().get()).as("stopped stays stopped").isEqualTo(ConnectionState.STOPPED);
        }
    }

    @Test
    void everyPageIsHeldByTheContractAndSeesTheSameWindow() {
        try (WorkbenchViewModel vm = workbench()) {
            for (WorkbenchPage page : WorkbenchPage.values()) {
                assertThat(vm.page(page)).as(page.title()).isInstanceOf(PageModel.class);
            }
            TimeWindow window = new TimeWindow(1_000, 2_000);
            vm.showWindow(window);
            assertThat(vm.flameGraph().windowProperty().get()).isEqualTo(window);
        }
    }

    @Test
    void pauseTogglesThePageShownAndIsANoOpOnAPageWithoutOne() {
        try (WorkbenchViewModel vm = workbench()) {
            vm.togglePause();
            assertThat(vm.page(WorkbenchPage.OVERVIEW).pause()).isEmpty();
            assertThat(vm.flows().pausedProperty().get()).isFalse();

            vm.pageProperty().set(WorkbenchPage.FLOWS);
            vm.togglePause();
            assertThat(vm.flows().pausedProperty().get()).isTrue();
            assertThat(vm.drops().pausedProperty().get()).as("only the page shown").isFalse();
            vm.togglePause();
            assertThat(vm.flows().pausedProperty().get()).isFalse();

            vm.pageProperty().set(WorkbenchPage.FLAME_GRAPH);
            vm.togglePause();
            assertThat(vm.flameGraph().pausedProperty().get()).isTrue();
        }
    }
}
