package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.RecordKind;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropGroups;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.flows.EndpointNamer;
import dev.nightjar.desktop.ui.util.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Drops grouped by kernel reason, each explained; the selection survives refreshes. */
public final class DropsViewModel implements AutoCloseable {

    private final CaptureStore store;
    private final DropReasonCatalog catalog;
    private final EndpointNamer namer;
    private final StoreRefresher<List<DropGroup>> refresher;
    private final ObservableList<DropGroup> groups = FXCollections.observableArrayList();
    private final ObjectProperty<DropGroup> selected = new SimpleObjectProperty<>();
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;

    public DropsViewModel(CaptureStore store, DropReasonCatalog catalog, EndpointNamer namer, Executor uiThread) {
        this(store, catalog, namer, ViewExecutors.uiOnly(uiThread));
    }

    public DropsViewModel(CaptureStore store, DropReasonCatalog catalog, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.catalog = catalog;
        this.namer = namer;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
    }

    /** From a snapshot of the store: off the UI thread in the app. */
    private List<DropGroup> build() {
        TimeWindow w = window;
        List<SensorEvent> drops = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> drops.addAll(n.events(RecordKind.DROP, w)));
        }
        drops.sort(Comparator.comparingLong(SensorEvent::getTimestampNs));
        return DropGroups.of(drops, catalog, namer);
    }

    /** Whether the page is on screen: a hidden page does no work. */
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    private void apply(List<DropGroup> next) {
        String selectedReason = selected.get() == null ? null : selected.get().reason().name();
        groups.setAll(next);
        DropGroup keep = next.stream().filter(g -> g.reason().name().equals(selectedReason)).findFirst()
                .orElse(next.isEmpty() ? null : next.getFirst());
        selected.set(keep);
    }

    /** Groups only the drops recorded inside {@code window}; {@link TimeWindow#ALL} for all. UI thread. */
    public void showWindow(TimeWindow window) {
        this.window = java.util.Objects.requireNonNull(window, "window");
        refresher.request();
    }

    public ObservableList<DropGroup> groups() {
        return groups;
    }

    public ObjectProperty<DropGroup> selectedProperty() {
        return selected;
    }

    public BooleanProperty pausedProperty() {
        return refresher.pausedProperty();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
