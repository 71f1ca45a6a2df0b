package dev.nightjar.desktop.ui.page;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.ui.util.CoalescingRunLater;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Keeps a view model up to date with the store: on any change, builds a result from a
 * snapshot and applies it on the UI thread. Unless paused (freezes what a view shows,
 * never what the store records) or hidden (a page nobody looks at starts no build; showing
 * it refreshes at once).
 *
 * <p>With a background executor the build runs there, and only {@code apply} touches the
 * UI thread. One refresh is in flight at a time: the next build starts only after the
 * previous result was applied (or found to be nothing new). So a busy UI thread is never
 * handed more than one apply, however fast events arrive, and a build always starts from
 * what the page shows — which lets it hand the UI thread a small diff instead of a whole
 * new table (see {@code ui.util.KeyedRows}).
 *
 * <p>Pacing: new data is shown at most every {@link #DATA_INTERVAL_NS} (a live table
 * changing four times a second is readable; sixty times is not, and costs the UI thread
 * sixty table updates); what the user asks for ({@link #request()}: a filter, a scope, a
 * time window) is built at once, cutting short a wait for data. A build that takes longer
 * than the interval is followed by the next one only after its own duration, so a slow
 * build keeps the refresh thread busy at most half the time.
 *
 * <p>A build may return {@code null} for "nothing new to show" (e.g. the data it depends
 * on did not change); nothing is applied then.
 *
 * @param <T> what a build produces (rows, groups) and the UI thread applies
 */
public final class StoreRefresher<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreRefresher.class.getName());
    /** At most this often for new data in the store. */
    static final long DATA_INTERVAL_NS = 250_000_000L;
    /** At most this often for anything (about a frame). */
    private static final long MIN_INTERVAL_NS = 16_000_000L;

    private final CaptureStore store;
    private final ViewExecutors executors;
    private final Supplier<T> build;
    private final Consumer<T> apply;
    /** Told on the UI thread when a build throws; null: log it and keep showing the previous state. */
    private final Consumer<RuntimeException> failed;
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final Runnable listener = this::dataChanged;
    private final CoalescingRunLater uiRefresh;
    private final Object lock = new Object();
    // Guarded by lock.
    private boolean inFlight;
    private boolean dataDirty;
    private boolean userDirty;
    private Thread waiting;
    // Read on writer threads; the properties are only touched on the UI thread.
    private volatile boolean pausedNow;
    private volatile boolean shown = true;
    private volatile boolean closed;
    // Only touched by the build, one at a time.
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

    /** Asks for a refresh for a reason other than new data (a filter, an instant): built at once. Any thread. */
    public void request() {
        schedule(true);
    }

    /** The store changed: shown within {@link #DATA_INTERVAL_NS}. Called on writer threads; cheap. */
    private void dataChanged() {
        schedule(false);
    }

    private void schedule(boolean byUser) {
        if (pausedNow || !shown || closed) {
            return;
        }
        if (uiRefresh != null) {
            uiRefresh.request();
            return;
        }
        boolean start;
        synchronized (lock) {
            if (byUser) {
                userDirty = true;
            } else {
                dataDirty = true;
            }
            start = !inFlight;
            inFlight = true;
            if (!start && byUser && waiting != null) {
                // A build is waiting out the data interval: the user should not wait for it.
                LockSupport.unpark(waiting);
            }
        }
        if (start) {
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

    /** Waits until the next build is due: sooner for the user than for data. */
    private void awaitTurn() {
        while (!closed && shown && !pausedNow) {
            long wait;
            synchronized (lock) {
                long interval = Math.max(lastDurationNs, userDirty ? MIN_INTERVAL_NS : DATA_INTERVAL_NS);
                wait = lastStartNs == 0 ? 0 : lastStartNs + interval - System.nanoTime();
                if (wait <= 0) {
                    waiting = null;
                    return;
                }
                waiting = Thread.currentThread();
            }
            LockSupport.parkNanos(wait);
        }
        synchronized (lock) {
            waiting = null;
        }
    }

    private void buildInBackground() {
        awaitTurn();
        synchronized (lock) {
            // Cleared before building so a change during the build schedules another one.
            dataDirty = false;
            userDirty = false;
        }
        if (closed || !shown || pausedNow) {
            finished();
            return;
        }
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
            finished();
            return;
        } finally {
            lastDurationNs = System.nanoTime() - lastStartNs;
        }
        if (result == null) {
            finished();
            return;
        }
        executors.ui().execute(() -> {
            try {
                // A build that lands after close() is dropped: the page is gone. One that lands
                // just after the page was hidden is still applied (builds diff against what was
                // applied, so skipping one would leave them out of step); no further one starts.
                if (!closed) {
                    apply.accept(result);
                }
            } finally {
                finished();
            }
        });
    }

    /** The refresh in flight is done; starts the next one if something changed meanwhile. */
    private void finished() {
        boolean again;
        synchronized (lock) {
            again = (dataDirty || userDirty) && !closed && shown && !pausedNow;
            inFlight = again;
        }
        if (again) {
            executors.background().execute(this::buildInBackground);
        }
    }

    /** Whether the view is on screen; a hidden view is not refreshed until shown again. */
    public void setShown(boolean isShown) {
        boolean was = shown;
        shown = isShown;
        if (isShown && !was) {
            request();
        } else if (!isShown) {
            synchronized (lock) {
                if (waiting != null) {
                    // Hidden while waiting for its turn: give the shared refresh thread back.
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** Stops refreshing; a build still under way is not applied. UI thread. */
    @Override
    public void close() {
        closed = true;
        store.removeChangeListener(listener);
        synchronized (lock) {
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }
}
