package dev.nightjar.desktop.ui.flows;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.DroppedFlows;
import dev.nightjar.desktop.flows.FilterParse;
import dev.nightjar.desktop.flows.FlowFilter;
import dev.nightjar.desktop.flows.FlowGroup;
import dev.nightjar.desktop.flows.FlowGroups;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.KeyedRows;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * The Flows table's state: the filter the user typed, the rows it lets through
 * (latest state per flow at the chosen instant, marked DROPPED where drop records
 * of any node match them), the same rows grouped by client, server, port, protocol
 * and verdict, top talkers and the selection. Pausing freezes what is shown; capture
 * goes on in the store. Actions that lead to other pages (a flow's drops, a pod's
 * syscalls) go to the handlers the workbench sets.
 */
public final class FlowsViewModel implements PageModel {

    /** Instant meaning "now": follow the live capture. */
    public static final long LIVE = Long.MAX_VALUE;

    private static final int TOP_TALKERS = 10;
    private static final long NAMES_REFRESH_NS = 3_000_000_000L;

    private final CaptureStore store;
    private final EndpointNamer namer;
    private final StoreRefresher<Built> refresher;

    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final LongProperty instantNs = new SimpleLongProperty(LIVE);
    /** Newest first; the table sorts by whatever column the user picks on top of this. */
    static final Comparator<FlowRow> LATEST_FIRST = Comparator.comparingLong(FlowRow::lastSeenNs).reversed()
            .thenComparing(FlowRow::node).thenComparingLong(FlowRow::flowId);
    private final KeyedRows<FlowRow> keyed = new KeyedRows<>(FlowsViewModel::keyOf);
    private final ObservableList<FlowRow> rows = new SortedList<>(keyed.rows(), LATEST_FIRST);
    private final ObservableList<TopTalkers.Talker> topTalkers = FXCollections.observableArrayList();
    private final ObservableList<FlowGroup> groups = FXCollections.observableArrayList();
    private final BooleanProperty grouped = new SimpleBooleanProperty(false);
    private Consumer<FlowRow> showDrops = row -> { };
    private Consumer<String> showSyscalls = pod -> { };
    private final ObjectProperty<FlowRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerWrapper totalFlows = new ReadOnlyIntegerWrapper();
    // What a build reads; written on the UI thread, read where the build runs.
    private volatile FlowFilter filter = FlowFilter.everything();
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile long instant = LIVE;
    private volatile SessionTraffic own = SessionTraffic.NONE;
    // The build's memory of what it read last, to skip builds that would change nothing.
    private Object builtFrom;

    /** What a refresh computed: the change to the rows shown, applied on the UI thread in one go. */
    private record Built(KeyedRows.Patch<FlowRow> shown, List<FlowGroup> groups, List<TopTalkers.Talker> talkers,
                         int total) {
    }

    private record FlowKey(String node, long flowId) {
    }

    static FlowKey keyOf(FlowRow row) {
        return new FlowKey(row.node(), row.flowId());
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

    /** A filter that does not parse says why and where; the last valid one keeps showing its rows. */
    private void applyFilter(String text) {
        FilterParse.of(text, FlowFilter::parse).apply(filterError::set, valid -> {
            filter = valid;
            refresher.request();
        });
    }

    /** From a snapshot of the store: off the UI thread in the app. Null when nothing it reads changed. */
    private Built build() {
        TimeWindow w = window;
        // Names of a live cluster fill in over time: rebuild at least every few seconds when asked.
        List<Object> from = List.of(store.version(PayloadKind.FLOW, PayloadKind.DROP), w, instant, filter, own,
                System.nanoTime() / NAMES_REFRESH_NS);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        List<SensorEvent> updates = new ArrayList<>();
        List<SensorEvent> drops = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> {
                updates.addAll(n.events(PayloadKind.FLOW, w));
                drops.addAll(n.events(PayloadKind.DROP, w));
            });
        }
        updates.sort(Comparator.comparingLong(SensorEvent::getTimestampNs));
        // A flow's verdict is DROPPED when drop records match its tuple (from any node).
        List<FlowRow> all = DroppedFlows.of(drops).mark(FlowTable.at(updates, Math.min(instant, w.toNs()), namer));
        List<FlowRow> shown = all.stream().filter(filter).sorted(LATEST_FIRST).toList();
        SessionTraffic hidden = own;
        return new Built(keyed.diff(shown), FlowGroups.of(shown), TopTalkers.of(hidden.hidesSomething()
                ? shown.stream().filter(hidden.negate()).toList() : shown, TOP_TALKERS), all.size());
    }

    private void apply(Built built) {
        keyed.apply(built.shown());
        FlowRow keep = selected.get();
        if (keep != null) {
            selected.set(keyed.find(keyOf(keep)).orElse(null));
        }
        if (!topTalkers.equals(built.talkers())) {
            topTalkers.setAll(built.talkers());
        }
        if (!groups.equals(built.groups())) {
            groups.setAll(built.groups());
        }
        totalFlows.set(built.total());
    }

    /** Leaves this session's own sensor stream out of the top talkers (the view says so). UI thread. */
    public void hideSessionTraffic(SessionTraffic traffic) {
        own = java.util.Objects.requireNonNull(traffic, "traffic");
        refresher.request();
    }

    public boolean hidesSessionTraffic() {
        return own.hidesSomething();
    }

    /** Shows only the flows between this flow's client and server on its port (a new filter). */
    public void filterToPair(FlowRow row) {
        filterText.set(FlowPairFilter.of(row));
    }

    /** Goes to the Drops page, on the drops of this flow's packets. */
    public void showDrops(FlowRow row) {
        showDrops.accept(row);
    }

    /** Goes to the Syscalls page, narrowed to a pod ("namespace/pod"). */
    public void showSyscalls(String pod) {
        showSyscalls.accept(pod);
    }

    /** What {@link #showDrops} and {@link #showSyscalls} do: the workbench moves to the page. */
    public void onNavigate(Consumer<FlowRow> drops, Consumer<String> syscalls) {
        this.showDrops = java.util.Objects.requireNonNull(drops, "drops");
        this.showSyscalls = java.util.Objects.requireNonNull(syscalls, "syscalls");
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

    /** The rows shown, grouped by client, server, port, protocol and verdict. */
    public ObservableList<FlowGroup> groups() {
        return groups;
    }

    /** Whether the page shows groups instead of one row per flow. */
    public BooleanProperty groupedProperty() {
        return grouped;
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
