package dev.nightjar.desktop.ui.util;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * A handle on one piece of work started by {@link BackgroundTasks}. Cancelling it means
 * "nobody wants the result any more" (the view model was closed, the user went elsewhere):
 * work not yet started never starts, work under way is not interrupted (a half-done
 * deployment is worse than a finished one that is then stopped), and its result is handed
 * to the task's drop action, off the UI thread, instead of its success callback. Progress
 * sent through {@link #onUi} after cancelling is not shown either.
 */
public final class BackgroundTask {

    private final Executor uiThread;
    private volatile boolean cancelled;
    private volatile Future<?> future;

    BackgroundTask(Executor uiThread) {
        this.uiThread = uiThread;
    }

    void started(Future<?> running) {
        this.future = running;
        if (cancelled) {
            running.cancel(false);
        }
    }

    /** Any thread; idempotent. */
    public void cancel() {
        cancelled = true;
        Future<?> running = future;
        if (running != null) {
            running.cancel(false);
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on the UI thread unless the task is cancelled by the time it gets there: for progress. */
    public void onUi(Runnable action) {
        uiThread.execute(() -> {
            if (!cancelled) {
                action.run();
            }
        });
    }
}
