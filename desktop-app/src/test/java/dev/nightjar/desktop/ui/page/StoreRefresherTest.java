package dev.nightjar.desktop.ui.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreRefresherTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 4));
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    private final ViewExecutors executors = new ViewExecutors(background, uiQueue::add);
    private final AtomicInteger builds = new AtomicInteger();
    private final List<Long> applied = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }

    private StoreRefresher<Long> refresher() {
        return new StoreRefresher<>(store, executors, () -> {
            builds.incrementAndGet();
            return store.version();
        }, applied::add);
    }

    private void write(int events) {
        for (int i = 0; i < events; i++) {
            store.accept(SensorEvent.newBuilder().setNode("n").setSequence(store.version() + 1)
                    .setFlow(FlowUpdate.newBuilder().setFlowId(i)).build());
        }
    }

    /**
     * Lets the background thread finish what it has, then runs the UI queue; again, until an
     * apply starts no further build (an apply that finds more changes starts the next build).
     */
    private void settle() throws Exception {
        for (int round = 0; round < 50; round++) {
            background.submit(() -> { }).get(5, TimeUnit.SECONDS);
            background.submit(() -> { }).get(5, TimeUnit.SECONDS);
            if (uiQueue.isEmpty()) {
                return;
            }
            Runnable r;
            while ((r = uiQueue.poll()) != null) {
                r.run();
            }
        }
        throw new AssertionError("still refreshing after 50 rounds");
    }

    @Test
    void buildsOffTheUiThreadAndAppliesTheLatestResultOnIt() throws Exception {
        try (StoreRefresher<Long> refresher = refresher()) {
            write(5_000);
            settle();
            assertThat(applied).isNotEmpty();
            assertThat(applied.getLast()).isEqualTo(5_000L);
            // 5,000 changes were coalesced into a handful of builds
            assertThat(builds.get()).isLessThan(100);
        }
    }

    @Test
    void aBusyUiThreadNeverGetsMoreThanOnePendingApply() throws Exception {
        try (StoreRefresher<Long> refresher = refresher()) {
            background.submit(() -> { }).get(5, TimeUnit.SECONDS); // the first build, of the empty store
            for (int round = 0; round < 20; round++) {
                write(50);
                background.submit(() -> { }).get(5, TimeUnit.SECONDS);
            }
            // The UI thread has not run: one result waits for it, and no build starts behind it.
            assertThat(uiQueue).hasSize(1);
            assertThat(builds.get()).isEqualTo(1);
            settle();
            // Once it ran, one more build caught up with everything written meanwhile.
            assertThat(applied).containsExactly(0L, 1_000L);
        }
    }

    @Test
    void aBuildStartsFromWhatThePageShows() throws Exception {
        List<Long> seenByBuilds = new CopyOnWriteArrayList<>();
        try (StoreRefresher<Long> refresher = new StoreRefresher<>(store, executors, () -> {
            seenByBuilds.add(applied.isEmpty() ? -1L : applied.getLast());
            return store.version();
        }, applied::add)) {
            for (int round = 0; round < 5; round++) {
                write(10);
                settle();
            }
            // Every build after the first saw the result of the one before it applied.
            for (int i = 1; i < seenByBuilds.size(); i++) {
                assertThat(seenByBuilds.get(i)).isEqualTo(applied.get(i - 1));
            }
            assertThat(applied.getLast()).isEqualTo(50L);
        }
    }

    @Test
    void newDataWaitsForTheDataIntervalButTheUserDoesNot() throws Exception {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        try (StoreRefresher<Long> refresher = new StoreRefresher<>(store, executors, () -> {
            startedAt.add(System.nanoTime());
            return store.version();
        }, applied::add)) {
            settle();
            write(1);
            settle();
            assertThat(applied).containsExactly(0L, 1L);
            assertThat(startedAt.get(1) - startedAt.get(0)).as("new data waits for the data interval")
                    .isGreaterThanOrEqualTo(StoreRefresher.DATA_INTERVAL_NS);

            // The user asks (a filter) while the build for new data waits its turn: it goes at once.
            write(1);
            refresher.request();
            settle();
            assertThat(applied).containsExactly(0L, 1L, 2L);
            assertThat(startedAt.get(2) - startedAt.get(1)).as("the user's request does not wait for the interval")
                    .isLessThan(StoreRefresher.DATA_INTERVAL_NS * 4 / 5);
        }
    }

    @Test
    void aHiddenViewDoesNoWorkUntilItIsShownAgain() throws Exception {
        try (StoreRefresher<Long> refresher = refresher()) {
            settle();
            refresher.setShown(false);
            int before = builds.get();
            write(300);
            settle();
            assertThat(builds.get()).isEqualTo(before);

            refresher.setShown(true);
            settle();
            assertThat(applied.getLast()).isEqualTo(300L);
        }
    }

    @Test
    void pausingFreezesTheViewAndResumingCatchesUp() throws Exception {
        try (StoreRefresher<Long> refresher = refresher()) {
            settle();
            refresher.pausedProperty().set(true);
            write(40);
            settle();
            assertThat(applied.getLast()).isZero();

            refresher.pausedProperty().set(false);
            settle();
            assertThat(applied.getLast()).isEqualTo(40L);
        }
    }

    @Test
    void aFailingBuildKeepsThePreviousStateAndTheNextChangeBuildsAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (StoreRefresher<Long> refresher = new StoreRefresher<>(store, executors, () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("boom");
            }
            return store.version();
        }, applied::add)) {
            settle();
            write(1);
            settle();
            write(1);
            settle();
            assertThat(applied).containsExactly(0L, 2L);
        }
    }

    @Test
    void aBuildThatLandsAfterCloseIsNotApplied() throws Exception {
        StoreRefresher<Long> refresher = refresher();
        settle();
        write(5);
        background.submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertThat(uiQueue).as("a build is waiting to be applied").isNotEmpty();
        refresher.close();
        settle();
        assertThat(applied).containsExactly(0L);
        write(5);
        settle();
        assertThat(applied).as("closed: no more builds").containsExactly(0L);
    }
}
