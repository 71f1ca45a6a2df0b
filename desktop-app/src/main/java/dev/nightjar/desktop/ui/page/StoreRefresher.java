package dev.nightjar.desktop.ui.page;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.ui.util.CoalescingRunLater;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Keeps a view model up to date with the store: on any change, builds a result from a
 * snapshot and applies it on the UI thread — at most one build pending and at most one
 * apply pending, however fast events arrive, so nothing queues up behind a busy UI.
 * Unless paused (freezes what a view shows, never what the store records) or hidden
 * (a page nobody looks at does no work; showing it refreshes at once).
 *
 * <p>With a background executor the build runs there, and only {@code apply} touches the
 * UI thread. Builds are paced: one starts no sooner than the previous one's duration (and
 * at least 16 ms, about a frame) after the previous one started. So a cheap build runs at
 * most about 60 times a second, and a slow one runs back to back: it can keep the
 * refresh thread busy all the time while changes keep coming, but never queues up.
 *
 * <p>A build may return {@code null} for "nothing new to show" (e.g. the data it
 * depends on did not change); nothing is applied then.
 *
 * @param <T> what a build produces (rows, groups) and the UI thread applies
 */
public final class StoreRefresher<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreRefresher.class.getName());
    private static final long MIN_INTERVAL_NS = 16_000_000L;

    private final CaptureStore store;
    private final ViewExecutors executors;
    private final Supplier<T> build;
    private final Consumer<T> apply;
    /** Told on the UI thread when a build throws; null: log it and keep showing the previous state. */
    private final Consumer<RuntimeException> failed;
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final Runnable listener = this::request;
    private final AtomicBoolean buildPending = new AtomicBoolean();
    private final AtomicBoolean applyPending = new AtomicBoolean();
    private final AtomicReference<T> built = new AtomicReference<>();
    private final CoalescingRunLater uiRefresh;
    // Read on writer threads; the properties are only touched on the UI thread.
    private volatile boolean pausedNow;
    private volatile boolean shown = true;
    private volatile boolean closed;
    private long lastStartNs;
    private long lastDurationNs;

    public StoreRefresher(CaptureStore store, ViewExecutors executors, Supplier<T> build, Consumer<T> apply) {
        this(store, executors, build, apply, null);
    }

    /** @param failed told on the UI thread when a build throws, e.g. to say so on the page */
    public StoreRefresher(CaptureStore store, ViewExecutors executors, Supplier<T> build, Consumer<T> apply,
                          Consumer<RuntimeException> failed) {
        this.store = store;
        this.executors = executors;
        this.build = build;
        this.apply = apply;
        this.failed = failed;
        this.uiRefresh = executors.buildsInBackground() ? null
                : new CoalescingRunLater(executors.ui(), this::buildAndApplyHere);
        paused.addListener((obs, was, isPaused) -> {
            pausedNow = isPaused;
            if (!isPaused) {
                request();
            }
        });
        store.addChangeListener(listener);
        request();
    }

    /** Asks for a refresh for a reason other than new data (a filter, an instant). Any thread. */
    public void request() {
        if (pausedNow || !shown || closed) {
            return;
        }
        if (uiRefresh != null) {
            uiRefresh.request();
        } else if (buildPending.compareAndSet(false, true)) {
            executors.background().execute(this::buildInBackground);
        }
    }

    private void buildAndApplyHere() {
        if (closed) {
            return;
        }
        T result;
        try {
            result = build.get();
        } catch (RuntimeException e) {
            if (failed == null) {
                throw e;
            }
            failed.accept(e);
            return;
        }
        if (result != null) {
            apply.accept(result);
        }
    }

    private void buildInBackground() {
        long wait = lastStartNs + Math.max(MIN_INTERVAL_NS, lastDurationNs) - System.nanoTime();
        if (lastStartNs != 0 && wait > 0) {
            LockSupport.parkNanos(wait);
        }
        // Cleared before building so a change during the build schedules another one.
        buildPending.set(false);
        lastStartNs = System.nanoTime();
        T result;
        try {
            result = build.get();
        } catch (RuntimeException e) {
            if (failed == null) {
                LOG.log(Level.WARNING, "a view's refresh failed; it shows its previous state", e);
            } else {
                executors.ui().execute(() -> failed.accept(e));
            }
            return;
        } finally {
            lastDurationNs = System.nanoTime() - lastStartNs;
        }
        if (result == null) {
            return;
        }
        built.set(result);
        if (applyPending.compareAndSet(false, true)) {
            executors.ui().execute(() -> {
                applyPending.set(false);
                T latest = built.getAndSet(null);
                // A build that lands after close() is dropped: the page is gone.
                if (latest != null && !closed) {
                    apply.accept(latest);
                }
            });
        }
    }

    /** Whether the view is on screen; a hidden view is not refreshed until shown again. */
    public void setShown(boolean isShown) {
        boolean was = shown;
        shown = isShown;
        if (isShown && !was) {
            request();
        }
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    @Override
    /** Stops refreshing; a build still under way is not applied. UI thread. */
    public void close() {
        closed = true;
        store.removeChangeListener(listener);
    }
}
