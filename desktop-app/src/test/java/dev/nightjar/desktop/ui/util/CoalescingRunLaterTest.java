package dev.nightjar.desktop.ui.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingRunLaterTest {

    /** A UI thread stand-in that runs queued work only when the test says so, like a pulse. */
    private static final class ManualUiThread implements Executor {
        final Queue<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        void pulse() {
            int n = queue.size();
            for (int i = 0; i < n; i++) {
                queue.remove().run();
            }
        }
    }

    @Test
    void manySignalsBetweenPulsesBecomeOneRun() {
        ManualUiThread ui = new ManualUiThread();
        AtomicInteger runs = new AtomicInteger();
        CoalescingRunLater refresh = new CoalescingRunLater(ui, runs::incrementAndGet);

        for (int i = 0; i < 50_000; i++) {
            refresh.request();
        }
        assertThat(ui.queue).hasSize(1);
        ui.pulse();
        assertThat(runs.get()).isEqualTo(1);

        ui.pulse();
        assertThat(runs.get()).as("no signal, no run").isEqualTo(1);
    }

    @Test
    void aSignalDuringTheRunSchedulesTheNextRun() {
        ManualUiThread ui = new ManualUiThread();
        AtomicInteger runs = new AtomicInteger();
        CoalescingRunLater[] self = new CoalescingRunLater[1];
        self[0] = new CoalescingRunLater(ui, () -> {
            if (runs.incrementAndGet() == 1) {
                self[0].request();
            }
        });
        self[0].request();
        ui.pulse();
        ui.pulse();
        assertThat(runs.get()).isEqualTo(2);
    }
}
