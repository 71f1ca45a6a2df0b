package dev.nightjar.desktop.ui.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a stage: the UI thread is a list of pending runs that the test executes like a pulse. */
class OverviewViewModelTest {

    private final List<Runnable> pendingOnUiThread = new ArrayList<>();

    private void pulse() {
        List<Runnable> now = new ArrayList<>(pendingOnUiThread);
        pendingOnUiThread.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void refreshesOncePerPulseFromTheStore() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10, 4));
        try (OverviewViewModel vm = new OverviewViewModel(store, pendingOnUiThread::add)) {
            pulse();
            assertThat(vm.nodes()).isEmpty();

            for (int i = 0; i < 1000; i++) {
                store.accept(SensorEvent.newBuilder().setNode(i % 2 == 0 ? "a" : "b").setSequence(i / 2)
                        .setDrop(DropEvent.newBuilder().setCount(1)).build());
            }
            assertThat(pendingOnUiThread).as("a thousand events, one pending refresh").hasSize(1);
            pulse();
            assertThat(vm.nodes()).extracting(n -> n.node()).containsExactly("a", "b");
            assertThat(vm.totalLostProperty().get()).as("two nodes, 500 drops each, 10 kept each").isEqualTo(980);
        }
    }

    @Test
    void stopsListeningWhenClosed() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10, 4));
        OverviewViewModel vm = new OverviewViewModel(store, pendingOnUiThread::add);
        pulse();
        vm.close();
        store.accept(SensorEvent.newBuilder().setNode("a").setDrop(DropEvent.newBuilder()).build());
        assertThat(pendingOnUiThread).isEmpty();
    }
}
