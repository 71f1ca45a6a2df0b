package dev.nightjar.desktop.ui.util;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs slow work (file and network I/O) off the UI thread and reports the
 * result or the failure back on it. View models take one of these, so tests can
 * hand them direct executors and stay free of a stage. Each run returns a
 * {@link BackgroundTask}: a view model cancels the ones whose results it no longer
 * wants, and a late result goes to the drop action (to close what it holds) instead
 * of onto the screen.
 */
public final class BackgroundTasks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundTasks.class.getName());

    /** Work that may report progress, or check whether it is still wanted, through its own task. */
    @FunctionalInterface
    public interface Work<T> {
        T call(BackgroundTask task) throws Exception;
    }

    /** Closes or stops what a result nobody wants any more holds. */
    @FunctionalInterface
    public interface Cleanup<T> {
        void drop(T unwanted) throws Exception;
    }

    private final ExecutorService workers;
    private final Executor uiThread;

    public BackgroundTasks(ExecutorService workers, Executor uiThread) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
    }

    /** Daemon worker threads, so a stuck task never keeps the app from exiting. */
    public static BackgroundTasks withDaemonWorkers(Executor uiThread) {
        return new BackgroundTasks(Executors.newFixedThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "nightjar-background");
            t.setDaemon(true);
            return t;
        }), uiThread);
    }

    /** Work whose result needs no cleaning up if nobody wants it any more. */
    public <T> BackgroundTask run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        return run(task -> work.call(), onSuccess, onFailure, unwanted -> { });
    }

    /**
     * @param onSuccess on the UI thread, unless the task was cancelled before it got there
     * @param onFailure on the UI thread, unless the task was cancelled before it got there
     * @param onDropped off the UI thread, with a result that arrived after the task was cancelled:
     *                  close or stop what it holds
     */
    public <T> BackgroundTask run(Work<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure,
                                  Cleanup<? super T> onDropped) {
        BackgroundTask task = new BackgroundTask(uiThread);
        task.started(workers.submit(() -> {
            T result;
            try {
                result = work.call(task);
            } catch (Exception e) {
                uiThread.execute(() -> {
                    if (!task.isCancelled()) {
                        onFailure.accept(e);
                    }
                });
                return;
            }
            if (task.isCancelled()) {
                drop(onDropped, result);
                return;
            }
            uiThread.execute(() -> {
                if (task.isCancelled()) {
                    offUiThread(() -> drop(onDropped, result));
                } else {
                    onSuccess.accept(result);
                }
            });
        }));
        return task;
    }

    private static <T> void drop(Cleanup<? super T> onDropped, T result) {
        try {
            onDropped.drop(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "interrupted while cleaning up an unwanted background result", e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cleaning up an unwanted background result failed", e);
        }
    }

    /** On a worker; once the workers are shut down (the app is closing), on a thread of its own. */
    private void offUiThread(Runnable cleanup) {
        try {
            workers.execute(cleanup);
        } catch (RejectedExecutionException e) {
            Thread.ofPlatform().daemon(true).name("nightjar-cleanup").start(cleanup);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
