package dev.nightjar.desktop.ui.util;

import dev.nightjar.desktop.capture.CaptureStore;
import java.util.concurrent.Executor;
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
 * <p>With a background executor the build runs there, paced so that building takes at
 * most about half of that thread's time; only {@code apply} touches the UI thread.
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
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final Runnable listener = this::request;
    private final AtomicBoolean buildPending = new AtomicBoolean();
    private final AtomicBoolean applyPending = new AtomicBoolean();
    private final AtomicReference<T> built = new AtomicReference<>();
    private final CoalescingRunLater uiRefresh;
    // Read on writer threads; the properties are only touched on the UI thread.
    private volatile boolean pausedNow;
    private volatile boolean shown = true;
    private long lastStartNs;
    private long lastDurationNs;

    public StoreRefresher(CaptureStore store, ViewExecutors executors, Supplier<T> build, Consumer<T> apply) {
        this.store = store;
        this.executors = executors;
        this.build = build;
        this.apply = apply;
        this.uiRefresh = executors.buildsInBackground() ? null
                : new CoalescingRunLater(executors.ui(), () -> apply.accept(build.get()));
        paused.addListener((obs, was, isPaused) -> {
            pausedNow = isPaused;
            if (!isPaused) {
                request();
            }
        });
        store.addChangeListener(listener);
        request();
    }

    /** A refresher whose whole refresh runs on the UI thread: for views whose refresh is cheap. */
    public StoreRefresher(CaptureStore store, Executor uiThread, Runnable refresh) {
        this(store, ViewExecutors.uiOnly(uiThread), () -> {
            refresh.run();
            return null;
        }, nothing -> { });
    }

    /** Asks for a refresh for a reason other than new data (a filter, an instant). Any thread. */
    public void request() {
        if (pausedNow || !shown) {
            return;
        }
        if (uiRefresh != null) {
            uiRefresh.request();
        } else if (buildPending.compareAndSet(false, true)) {
            executors.background().execute(this::buildInBackground);
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
            LOG.log(Level.WARNING, "a view's refresh failed; it shows its previous state", e);
            return;
        } finally {
            lastDurationNs = System.nanoTime() - lastStartNs;
        }
        built.set(result);
        if (applyPending.compareAndSet(false, true)) {
            executors.ui().execute(() -> {
                applyPending.set(false);
                T latest = built.getAndSet(null);
                if (latest != null) {
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
    public void close() {
        store.removeChangeListener(listener);
    }
}
