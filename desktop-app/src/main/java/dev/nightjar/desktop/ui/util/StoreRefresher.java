package dev.nightjar.desktop.ui.util;

import dev.nightjar.desktop.capture.CaptureStore;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Runs a view model's refresh on the UI thread at most once per pulse while
 * the store changes, unless paused; resuming refreshes at once. Pausing
 * freezes what a view shows, never what the store records.
 */
public final class StoreRefresher implements AutoCloseable {

    private final CaptureStore store;
    private final CoalescingRunLater refresh;
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final Runnable listener;
    // Read on network threads; the property is only touched on the UI thread.
    private volatile boolean pausedNow;

    public StoreRefresher(CaptureStore store, Executor uiThread, Runnable refreshOnUiThread) {
        this.store = store;
        this.refresh = new CoalescingRunLater(uiThread, refreshOnUiThread);
        this.listener = () -> {
            if (!pausedNow) {
                refresh.request();
            }
        };
        paused.addListener((obs, was, isPaused) -> {
            pausedNow = isPaused;
            if (!isPaused) {
                refresh.request();
            }
        });
        store.addChangeListener(listener);
        refresh.request();
    }

    /** Asks for a refresh for a reason other than new data (a filter, an instant). */
    public void request() {
        refresh.request();
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    @Override
    public void close() {
        store.removeChangeListener(listener);
    }
}
