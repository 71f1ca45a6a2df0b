package dev.nightjar.desktop.ui.flows;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.FilterSyntaxException;
import dev.nightjar.desktop.flows.FlowFilter;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Flows table's state: the filter the user typed, the rows it lets through
 * (latest state per flow at the chosen instant), top talkers and the selection.
 * Pausing freezes what is shown; capture goes on in the store.
 */
public final class FlowsViewModel implements PageModel {

    /** Instant meaning "now": follow the live capture. */
    public static final long LIVE = Long.MAX_VALUE;

    private static final int TOP_TALKERS = 10;

    private final CaptureStore store;
    private final EndpointNamer namer;
    private final StoreRefresher<Built> refresher;

    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final LongProperty instantNs = new SimpleLongProperty(LIVE);
    private final ObservableList<FlowRow> rows = FXCollections.observableArrayList();
    private final ObservableList<TopTalkers.Talker> topTalkers = FXCollections.observableArrayList();
    private final ObjectProperty<FlowRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerWrapper totalFlows = new ReadOnlyIntegerWrapper();
    // What a build reads; written on the UI thread, read where the build runs.
    private volatile FlowFilter filter = FlowFilter.everything();
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile long instant = LIVE;

    /** The rows a refresh computed, applied on the UI thread in one go. */
    private record Built(List<FlowRow> shown, List<TopTalkers.Talker> talkers, int total) {
    }

    public FlowsViewModel(CaptureStore store, EndpointNamer namer, Executor uiThread) {
        this(store, namer, ViewExecutors.uiOnly(uiThread));
    }

    public FlowsViewModel(CaptureStore store, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.namer = namer;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
        filterText.addListener((obs, old, text) -> applyFilter(text));
        instantNs.addListener((obs, old, now) -> {
            instant = now.longValue();
            refresher.request();
        });
    }

    private void applyFilter(String text) {
        try {
            filter = FlowFilter.parse(text);
            filterError.set("");
        } catch (FilterSyntaxException e) {
            // Keep showing the last valid filter's rows while the user is mid-edit.
            filterError.set(e.getMessage() + " (at character " + (e.position() + 1) + ")");
            return;
        }
        refresher.request();
    }

    /** From a snapshot of the store: off the UI thread in the app. */
    private Built build() {
        TimeWindow w = window;
        List<SensorEvent> updates = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> updates.addAll(n.events(PayloadKind.FLOW, w)));
        }
        updates.sort(Comparator.comparingLong(SensorEvent::getTimestampNs));
        List<FlowRow> all = FlowTable.at(updates, Math.min(instant, w.toNs()), namer);
        List<FlowRow> shown = all.stream().filter(filter)
                .sorted(Comparator.comparingLong(FlowRow::lastSeenNs).reversed())
                .toList();
        return new Built(shown, TopTalkers.of(shown, TOP_TALKERS), all.size());
    }

    private void apply(Built built) {
        FlowRow keep = selected.get();
        rows.setAll(built.shown());
        if (keep != null) {
            selected.set(built.shown().stream()
                    .filter(r -> r.flowId() == keep.flowId() && r.node().equals(keep.node()))
                    .findFirst().orElse(null));
        }
        topTalkers.setAll(built.talkers());
        totalFlows.set(built.total());
    }

    /** Whether the page is on screen: a hidden page does no work. */
    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    /**
     * Shows only flows updated inside {@code window}, each in its latest state within it
     * (the time slider's choice); {@link TimeWindow#ALL} shows everything again. UI thread.
     */
    @Override
    public void showWindow(TimeWindow window) {
        this.window = java.util.Objects.requireNonNull(window, "window");
        refresher.request();
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Empty when the filter parses; otherwise what is wrong and where. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public BooleanProperty pausedProperty() {
        return refresher.pausedProperty();
    }

    @Override
    public Optional<BooleanProperty> pause() {
        return Optional.of(pausedProperty());
    }

    /** {@link #LIVE}, or a moment of a replayed capture in Unix nanoseconds. */
    public LongProperty instantNsProperty() {
        return instantNs;
    }

    public ObservableList<FlowRow> rows() {
        return rows;
    }

    public ObservableList<TopTalkers.Talker> topTalkers() {
        return topTalkers;
    }

    public ObjectProperty<FlowRow> selectedProperty() {
        return selected;
    }

    /** Flows before the filter, so the view can say "12 of 340". */
    public ReadOnlyIntegerProperty totalFlowsProperty() {
        return totalFlows.getReadOnlyProperty();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
