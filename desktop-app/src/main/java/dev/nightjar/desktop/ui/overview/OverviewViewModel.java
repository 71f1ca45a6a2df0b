package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.overview.NodeOverviews;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Per-node health rows, refreshed from the store at most once per UI pulse. */
public final class OverviewViewModel implements PageModel {

    private final CaptureStore store;
    private final ObservableList<NodeOverview> nodes = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper totalLost = new ReadOnlyLongWrapper();
    private final StoreRefresher<Built> refresher;
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;

    private record Built(List<NodeOverview> nodes, long totalLost) {
    }

    public OverviewViewModel(CaptureStore store, Executor uiThread) {
        this(store, EndpointNamer.ADDRESSES_ONLY, ViewExecutors.uiOnly(uiThread));
    }

    /** @param namer names the top talkers' endpoints */
    public OverviewViewModel(CaptureStore store, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.refresher = new StoreRefresher<>(store, executors,
                () -> new Built(NodeOverviews.of(store, window, namer), store.totalLost()), this::apply);
    }

    private void apply(Built built) {
        nodes.setAll(built.nodes());
        totalLost.set(built.totalLost());
    }

    /** Whether the page is on screen: a hidden page does no work. */
    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    /** Counts only the records inside {@code window}; {@link TimeWindow#ALL} for all. UI thread. */
    @Override
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
