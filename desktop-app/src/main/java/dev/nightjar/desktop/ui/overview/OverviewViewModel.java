package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.overview.NodeOverviews;
import dev.nightjar.desktop.ui.util.StoreRefresher;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Per-node health rows, refreshed from the store at most once per UI pulse. */
public final class OverviewViewModel implements AutoCloseable {

    private final CaptureStore store;
    private final ObservableList<NodeOverview> nodes = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper totalLost = new ReadOnlyLongWrapper();
    private final StoreRefresher<Void> refresher;
    private TimeWindow window = TimeWindow.ALL;

    public OverviewViewModel(CaptureStore store, Executor uiThread) {
        this.store = store;
        this.refresher = new StoreRefresher<>(store, uiThread, this::refresh);
    }

    /** Call on the UI thread. */
    void refresh() {
        nodes.setAll(NodeOverviews.of(store, window));
        totalLost.set(store.totalLost());
    }

    /** Counts only the records inside {@code window}; {@link TimeWindow#ALL} for all. UI thread. */
    public void showWindow(TimeWindow window) {
        this.window = java.util.Objects.requireNonNull(window, "window");
        refresher.request();
    }

    public ObservableList<NodeOverview> nodes() {
        return nodes;
    }

    public ReadOnlyLongProperty totalLostProperty() {
        return totalLost.getReadOnlyProperty();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
