package dev.nightjar.desktop.ui.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.profile.ProcessKey;
import dev.nightjar.desktop.profile.SampleStacks;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameGraphViewModelTest {

    private final List<Runnable> uiQueue = new ArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private long seq = 1;

    /** Runs UI work until none is left: a refresh hands its tree back to the UI thread in a second step. */
    private void pulse() {
        for (int round = 0; round < 10 && !uiQueue.isEmpty(); round++) {
            List<Runnable> now = new ArrayList<>(uiQueue);
            uiQueue.clear();
            now.forEach(Runnable::run);
        }
    }

    /** The builder runs on the calling thread here, so the tests see each step in order. */
    /** A still clock: the periodic regrouping by pod name would rebuild between two pulses now and then. */
    private FlameGraphViewModel viewModel() {
        return new FlameGraphViewModel(store, new ViewExecutors(Runnable::run, uiQueue::add), () -> 0L);
    }

    /** As the graph merged every process before "By process" (the paths below start at "main"). */
    private FlameGraphViewModel merged() {
        FlameGraphViewModel vm = viewModel();
        vm.byProcessProperty().set(false);
        pulse();
        return vm;
    }

    private void samples(String node, long ts, SampleStacks stacks) {
        store.accept(stacks.event(node, seq++, ts));
    }

    /** {@link #twoNodes}, built, with the cluster naming node-a's api container as pod shop/api-7d9. */
    private FlameGraphViewModel twoNodesWithTheApiPodNamed() {
        FlameGraphViewModel vm = viewModel();
        vm.usePods(id -> id.equals("c0ffee1234567890") ? java.util.Optional.of("shop/api-7d9") : java.util.Optional.empty());
        twoNodes();
        pulse();
        return vm;
    }

    private void twoNodes() {
        samples("node-a", 1_000, SampleStacks.process(10, "api").container("c0ffee1234567890")
                .kind("burn", FrameKind.FRAME_KIND_JIT)
                .stack(6, "main", "serve", "burn")
                .stack(2, "main", "serve"));
        samples("node-b", 2_000, SampleStacks.process(20, "db")
                .stack(2, "main", "query", "scan"));
    }

    @Test
    void buildsTheTreeAndOffersScopesFromTheData() {
        try (FlameGraphViewModel vm = merged()) {
            twoNodes();
            pulse();
            FlameTree tree = vm.treeProperty().get();
            assertThat(tree.totalSamples()).isEqualTo(10);
            assertThat(vm.nodeChoices()).extracting(ScopeChoice::label).containsExactly("All nodes", "node-a", "node-b");
            assertThat(vm.containerChoices()).extracting(ScopeChoice::label)
                    .containsExactly("All containers and host", "host (no container)", "container c0ffee123456");
            assertThat(vm.processChoices()).extracting(ScopeChoice::label).containsExactly("All processes", "api (10)", "db (20)");
            assertThat(vm.summaryProperty().get()).isEqualTo("10 samples · 5 frames · 2 processes");

            vm.processProperty().set(vm.processChoices().get(2));
            pulse();
            assertThat(vm.treeProperty().get().totalSamples()).isEqualTo(2);
            assertThat(vm.processChoices()).as("other processes stay choosable").hasSize(3);

            vm.processProperty().set(FlameGraphViewModel.ALL_PROCESSES);
            vm.nodeProperty().set(vm.nodeChoices().get(1));
            vm.containerProperty().set(vm.containerChoices().get(2));
            pulse();
            assertThat(vm.treeProperty().get().totalSamples()).isEqualTo(8);
            assertThat(vm.scope().process()).isNull();
            assertThat(vm.scope().containerId()).isEqualTo("c0ffee1234567890");
        }
    }

    @Test
    void timeWindowNarrowsTheSamples() {
        try (FlameGraphViewModel vm = merged()) {
            twoNodes();
            pulse();
            vm.showWindow(new TimeWindow(1_500, 2_000));
            pulse();
            assertThat(vm.windowProperty().get()).isEqualTo(new TimeWindow(1_500, 2_000));
            assertThat(vm.treeProperty().get().totalSamples()).as("end of window included").isEqualTo(2);
            vm.showWindow(TimeWindow.ALL);
            pulse();
            assertThat(vm.treeProperty().get().totalSamples()).isEqualTo(10);
        }
    }

    @Test
    void searchReportsTheShareOfSamplesMatchedAndExplainsABadRegex() {
        try (FlameGraphViewModel vm = merged()) {
            twoNodes();
            pulse();
            vm.searchTextProperty().set("bur");
            pulse();
            assertThat(vm.matchedShareProperty().get()).isEqualTo(0.6);
            assertThat(vm.matchedTextProperty().get()).isEqualTo("matched 60.0% of samples");
            FlameTree tree = vm.treeProperty().get();
            assertThat(vm.matchProperty().get().matches(tree.find(List.of("main", "serve", "burn")))).isTrue();

            vm.searchRegexProperty().set(true);
            vm.searchTextProperty().set("^(serve|burn)$");
            pulse();
            assertThat(vm.matchedTextProperty().get()).as("burn lies under serve: 8 samples, not 14")
                    .isEqualTo("matched 80.0% of samples");

            vm.searchTextProperty().set("[serve");
            assertThat(vm.searchProblemProperty().get()).startsWith("Not a valid regular expression");
            assertThat(vm.matchedTextProperty().get()).isEmpty();
            assertThat(vm.matchProperty().get().isEmpty()).isTrue();

            vm.searchTextProperty().set("");
            assertThat(vm.searchProblemProperty().get()).isEmpty();
            assertThat(vm.matchedShareProperty().get()).isZero();
        }
    }

    @Test
    void zoomPathFollowsClicksBreadcrumbsAndSurvivesNewData() {
        try (FlameGraphViewModel vm = merged()) {
            twoNodes();
            pulse();
            FlameTree tree = vm.treeProperty().get();
            vm.zoomTo(tree.find(List.of("main", "serve", "burn")));
            assertThat(vm.zoomPath()).containsExactly("main", "serve", "burn");
            assertThat(tree.total(vm.focusProperty().get())).isEqualTo(6);

            vm.searchTextProperty().set("burn");
            pulse();
            samples("node-a", 3_000, SampleStacks.process(10, "api").stack(4, "main", "serve", "burn"));
            pulse();
            FlameTree rebuilt = vm.treeProperty().get();
            assertThat(rebuilt).isNotSameAs(tree);
            assertThat(vm.zoomPath()).containsExactly("main", "serve", "burn");
            assertThat(rebuilt.total(vm.focusProperty().get())).isEqualTo(10);
            assertThat(vm.matchedTextProperty().get()).as("search re-run on the new tree").isEqualTo("matched 71.4% of samples");

            vm.zoomToDepth(1);
            assertThat(vm.zoomPath()).containsExactly("main");
            vm.resetZoom();
            assertThat(vm.zoomPath()).isEmpty();
            assertThat(vm.focusProperty().get()).isEqualTo(FlameTree.ROOT);
        }
    }

    @Test
    void otherEventsDoNotRebuildTheTree() {
        try (FlameGraphViewModel vm = merged()) {
            twoNodes();
            pulse();
            FlameTree tree = vm.treeProperty().get();
            store.accept(SensorEvent.newBuilder().setNode("node-a").setSequence(seq++).setTimestampNs(5_000)
                    .setFlow(FlowUpdate.newBuilder().setFlowId(1)).build());
            pulse();
            assertThat(vm.treeProperty().get()).isSameAs(tree);
        }
    }

    /**
     * Builds go through the page's StoreRefresher like every page's (before, the flame graph had
     * a builder of its own that copied the samples on the UI thread at request time): one build
     * pending however many samples arrive, and it reads the newest state when it runs.
     */
    @Test
    void samplesArrivingWhileABuildIsPendingAreFoldedIntoIt() {
        List<Runnable> builderQueue = new ArrayList<>();
        try (FlameGraphViewModel vm = new FlameGraphViewModel(store, uiQueue::add, builderQueue::add)) {
            pulse();
            assertThat(builderQueue).as("the first build, of an empty store").hasSize(1);
            builderQueue.removeFirst().run();
            pulse();
            assertThat(vm.treeProperty().get().totalSamples()).as("the first build saw no samples").isZero();
            twoNodes();
            pulse();
            assertThat(builderQueue).as("one build pending for both nodes' samples").hasSize(1);
            builderQueue.removeFirst().run();
            pulse();
            assertThat(vm.treeProperty().get().totalSamples()).isEqualTo(10);
            assertThat(builderQueue).isEmpty();
        }
    }

    @Test
    void aHiddenFlameGraphDoesNoBuildWorkAndCatchesUpWhenShown() {
        List<Runnable> builderQueue = new ArrayList<>();
        try (FlameGraphViewModel vm = new FlameGraphViewModel(store, uiQueue::add, builderQueue::add)) {
            builderQueue.removeFirst().run();
            pulse();
            vm.setShown(false);
            twoNodes();
            vm.showWindow(new TimeWindow(0, 5_000));
            pulse();
            assertThat(builderQueue).as("no build while hidden, for new samples or a new window").isEmpty();
            assertThat(vm.treeProperty().get().totalSamples()).isZero();

            vm.setShown(true);
            assertThat(builderQueue).as("shown again: one build at once").hasSize(1);
            builderQueue.removeFirst().run();
            pulse();
            assertThat(vm.treeProperty().get().totalSamples()).isEqualTo(10);
        }
    }

    @Test
    void eachProcessGetsARootFrameOfItsOwnNamedByItsPodWhenKnown() {
        try (FlameGraphViewModel vm = twoNodesWithTheApiPodNamed()) {
            FlameTree tree = vm.treeProperty().get();
            assertThat(tree.hasProcessRoots()).isTrue();
            assertThat(tree.childCount(FlameTree.ROOT)).isEqualTo(2);
            int api = tree.find(List.of("shop/api-7d9 · api (10)"));
            int db = tree.find(List.of("db (20)"));
            assertThat(tree.isProcessFrame(api)).isTrue();
            assertThat(tree.total(api)).isEqualTo(8);
            assertThat(tree.total(db)).isEqualTo(2);
            // The same function in two processes stays apart.
            assertThat(tree.total(tree.find(List.of("db (20)", "main")))).isEqualTo(2);
            assertThat(vm.summaryProperty().get()).as("process frames are not counted as frames of code")
                    .isEqualTo("10 samples · 6 frames · 2 processes");
            assertThat(vm.describe(api)).contains("process");

            vm.zoomTo(api);
            assertThat(vm.zoomPath()).containsExactly("shop/api-7d9 · api (10)");
        }
    }

    @Test
    void aSearchRunsWhereBuildsRunAndAnswersOnTheNextApply() {
        List<Runnable> builderQueue = new ArrayList<>();
        try (FlameGraphViewModel vm = new FlameGraphViewModel(store, uiQueue::add, builderQueue::add)) {
            twoNodes();
            while (!builderQueue.isEmpty()) {
                builderQueue.removeFirst().run();
                pulse();
            }
            FlameTree tree = vm.treeProperty().get();
            vm.searchTextProperty().set("scan");
            assertThat(vm.matchedTextProperty().get()).as("nothing computed on the UI thread").isEmpty();
            assertThat(builderQueue).hasSize(1);
            builderQueue.removeFirst().run();
            pulse();
            assertThat(vm.matchedTextProperty().get()).isEqualTo("matched 20.0% of samples");
            assertThat(vm.treeProperty().get()).as("a search does not rebuild the tree").isSameAs(tree);
        }
    }

    @Test
    void describesAFrameWithKindSelfAndTotal() {
        try (FlameGraphViewModel vm = merged()) {
            twoNodes();
            pulse();
            int burn = vm.treeProperty().get().find(List.of("main", "serve", "burn"));
            assertThat(vm.describe(burn)).isEqualTo("""
                    burn
                    JIT frame
                    self  6 samples (60.00%)
                    total 6 samples (60.00%)""".replace("\n", System.lineSeparator()));
            assertThat(vm.layoutModeProperty().get()).isEqualTo(FlameLayoutMode.FLAME);
            assertThat(new ProcessKey(10, "api").label()).isEqualTo("api (10)");
        }
    }

    @Test
    void aFrameOffersForTracingTheProcessWhoseRootFrameItLiesUnderAndItsPod() {
        try (FlameGraphViewModel vm = twoNodesWithTheApiPodNamed()) {
            FlameTree tree = vm.treeProperty().get();
            int api = tree.find(List.of("shop/api-7d9 · api (10)"));
            int burn = tree.find(List.of("shop/api-7d9 · api (10)", "main", "serve", "burn"));
            int scan = tree.find(List.of("db (20)", "main", "query", "scan"));
            Traceable apiAndPod = new Traceable(List.of(TaskChoice.process("node-a", 10, "api")), List.of("shop/api-7d9"));

            assertThat(vm.traceable(api)).as("the process's own frame").isEqualTo(apiAndPod);
            assertThat(vm.traceable(burn)).as("a frame of code in it").isEqualTo(apiAndPod);
            assertThat(vm.traceable(scan)).as("a host process: no pod")
                    .isEqualTo(new Traceable(List.of(TaskChoice.process("node-b", 20, "db")), List.of()));
            assertThat(vm.traceable(FlameTree.ROOT).isEmpty()).as("\"all\" names no process").isTrue();
            assertThat(vm.traceable(-1).isEmpty()).as("no frame under the pointer").isTrue();
        }
    }

    @Test
    void aProcessFrameOfTheSamePidOnTwoNodesOffersEachNodesProcess() {
        try (FlameGraphViewModel vm = viewModel()) {
            samples("node-a", 1_000, SampleStacks.process(1, "systemd").stack(3, "main", "epoll_wait"));
            samples("node-b", 2_000, SampleStacks.process(1, "systemd").stack(2, "main", "epoll_wait"));
            pulse();
            int systemd = vm.treeProperty().get().find(List.of("systemd (1)"));

            assertThat(vm.traceable(systemd).processes()).as("one frame for both, each node's pid 1 offered")
                    .containsExactlyInAnyOrder(TaskChoice.process("node-a", 1, "systemd"),
                            TaskChoice.process("node-b", 1, "systemd"));
        }
    }

    @Test
    void mergedProcessesOfferNothingToTrace() {
        twoNodes();
        try (FlameGraphViewModel vm = merged()) {
            FlameTree tree = vm.treeProperty().get();
            int serve = tree.find(List.of("main", "serve"));
            assertThat(tree.name(serve)).isEqualTo("serve");
            assertThat(vm.traceable(serve).isEmpty()).as("a frame of several processes names none").isTrue();
        }
    }
}
