package dev.nightjar.desktop.ui.util;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns any number of "something changed" signals from any thread into at most
 * one pending run of an action on the UI thread. At 50,000 events a second the
 * UI still does one refresh per pulse, reading a snapshot when it runs.
 */
public final class CoalescingRunLater {

    private final Executor uiThread;
    private final Runnable action;
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * @param uiThread {@code Platform::runLater} in the app; a direct executor in view-model tests
     */
    public CoalescingRunLater(Executor uiThread, Runnable action) {
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** Cheap and safe from any thread. */
    public void request() {
        if (pending.compareAndSet(false, true)) {
            uiThread.execute(() -> {
                // Cleared before running so a change during the action schedules another run.
                pending.set(false);
                action.run();
            });
        }
    }
}
