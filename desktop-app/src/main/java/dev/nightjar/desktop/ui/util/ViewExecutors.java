package dev.nightjar.desktop.ui.util;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a view model's refresh runs. Building rows from a store of 200,000 events takes
 * far longer than a frame, so in the app it runs on one background "view-refresh" thread
 * and only the result is applied on the UI thread. View-model tests use
 * {@link #uiOnly(Executor)}: build and apply in one task on the (test's) UI queue.
 *
 * @param background where snapshots are turned into rows; {@code null} means on the UI thread
 * @param ui         the UI thread ({@code Platform::runLater} in the app)
 */
public record ViewExecutors(Executor background, Executor ui) {

    private static final ExecutorService REFRESH_THREAD = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("view-refresh").daemon(true).factory());

    public ViewExecutors {
        Objects.requireNonNull(ui, "ui");
    }

    /** Build and apply on the UI thread: for tests and for views whose refresh is cheap. */
    public static ViewExecutors uiOnly(Executor ui) {
        return new ViewExecutors(null, ui);
    }

    /** The app's: one shared background thread for every view's building work. */
    public static ViewExecutors withRefreshThread(Executor ui) {
        return new ViewExecutors(REFRESH_THREAD, ui);
    }

    public boolean buildsInBackground() {
        return background != null;
    }
}
