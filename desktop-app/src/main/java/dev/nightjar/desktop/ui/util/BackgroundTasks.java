package dev.nightjar.desktop.ui.util;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs slow work (file and network I/O) off the UI thread and reports the
 * result or the failure back on it. View models take one of these, so tests can
 * hand them direct executors and stay free of a stage.
 */
public final class BackgroundTasks implements AutoCloseable {

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

    public <T> Future<?> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        return workers.submit(() -> {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                uiThread.execute(() -> onFailure.accept(e));
                return;
            }
            uiThread.execute(() -> onSuccess.accept(result));
        });
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
