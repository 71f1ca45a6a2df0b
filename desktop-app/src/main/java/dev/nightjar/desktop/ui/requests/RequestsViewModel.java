package dev.nightjar.desktop.ui.requests;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.FilterParse;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.requests.Log2Histogram;
import dev.nightjar.desktop.requests.RedRow;
import dev.nightjar.desktop.requests.RedSummary;
import dev.nightjar.desktop.requests.RequestCoverage;
import dev.nightjar.desktop.requests.RequestFilter;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.requests.RequestRows;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.KeyedRows;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * The Requests page's state: the filter (the Flows language plus hubble's layer-7 terms),
 * the requests it lets through (newest first), the RED summary per route or per client-server
 * pair from the sensor's RequestStats, the latency histogram of the chosen summary line (all of
 * them when none is chosen), the selected request, and what to say when there are none
 * (an old sensor, capture off, or simply no match). Builds run off the UI thread and not
 * while the page is hidden ({@link StoreRefresher}); the table changes by keyed diffs.
 */
public final class RequestsViewModel implements PageModel {

    /** Newest first; the table sorts by whatever column the user picks on top of this. */
    static final Comparator<RequestRow> NEWEST_FIRST = Comparator.comparingLong(RequestRow::startNs).reversed()
            .thenComparing(RequestRow::key);

    private final CaptureStore store;
    private final EndpointNamer namer;
    private final StoreRefresher<Built> refresher;

    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final KeyedRows<RequestRow> keyed = new KeyedRows<>(RequestRow::key);
    private final ObservableList<RequestRow> rows = new SortedList<>(keyed.rows(), NEWEST_FIRST);
    private final ObservableList<RedRow> red = FXCollections.observableArrayList();
    private final ObjectProperty<RedSummary.Grouping> grouping = new SimpleObjectProperty<>(RedSummary.Grouping.ROUTE);
    private final ObjectProperty<RedRow> selectedRed = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Log2Histogram> histogram = new ReadOnlyObjectWrapper<>(new Log2Histogram());
    private final ReadOnlyStringWrapper histogramTitle = new ReadOnlyStringWrapper("");
    private final ObjectProperty<RequestRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerWrapper totalRequests = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper losses = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper literalsUnmasked = new ReadOnlyBooleanWrapper();
    private Consumer<String> showFlows = filter -> { };
    // What a build reads; written on the UI thread, read where the build runs.
    private volatile RequestFilter filter = RequestFilter.everything();
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile RedSummary.Grouping groupingNow = RedSummary.Grouping.ROUTE;
    private Object builtFrom;
    // The RED summary's inputs and result: the stats come in once a second, requests all the time,
    // so the summary is worked out (and the table below handed new rows) only when they changed.
    private Object redFrom;
    private List<RedRow> redBuilt = List.of();
    // The summary the table shows; UI thread.
    private List<RedRow> redApplied;

    /** What a refresh computed, applied on the UI thread in one go. */
    private record Built(KeyedRows.Patch<RequestRow> shown, int total, List<RedRow> red, String empty, String losses,
                         boolean unmasked) {
    }

    /** Every refresh on the UI thread: for tests. */
    public RequestsViewModel(CaptureStore store, EndpointNamer namer, Executor uiThread) {
        this(store, namer, ViewExecutors.uiOnly(uiThread));
    }

    public RequestsViewModel(CaptureStore store, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.namer = namer;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
        filterText.addListener((obs, old, text) -> applyFilter(text));
        grouping.addListener((obs, old, now) -> {
            groupingNow = Objects.requireNonNull(now, "grouping");
            selectedRed.set(null);
            refresher.request();
        });
        selectedRed.addListener((obs, old, now) -> showHistogram());
    }

    /** A filter that does not parse says why and where; the last valid one keeps showing its rows. */
    private void applyFilter(String text) {
        FilterParse.of(text, RequestFilter::parse).apply(filterError::set, valid -> {
            filter = valid;
            refresher.request();
        });
    }

    private Built build() {
        TimeWindow w = window;
        // Sensor info (which protocol) and loss reports change what the page says around the table.
        List<Object> from = List.of(store.version(PayloadKind.REQUEST, PayloadKind.REQUEST_STATS, PayloadKind.INFO,
                PayloadKind.LOST), w, filter, groupingNow);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        List<Object> redNow = List.of(store.version(PayloadKind.REQUEST_STATS), w, groupingNow);
        boolean redChanged = !redNow.equals(redFrom);
        List<SensorEvent> requests = new ArrayList<>();
        List<SensorEvent> stats = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> {
                requests.addAll(n.events(PayloadKind.REQUEST, w));
                if (redChanged) {
                    stats.addAll(n.events(PayloadKind.REQUEST_STATS, w));
                }
            });
        }
        if (redChanged) {
            redFrom = redNow;
            redBuilt = RedSummary.of(stats, namer, groupingNow);
        }
        List<RequestRow> all = RequestRows.of(requests, namer);
        List<RequestRow> shown = all.stream().filter(filter).sorted(NEWEST_FIRST).toList();
        return new Built(keyed.diff(shown), all.size(), redBuilt,
                emptyText(all.isEmpty()), RequestCoverage.losses(store),
                shown.stream().anyMatch(r -> r.request().getLiteralsUnmasked()));
    }

    private String emptyText(boolean noneRecorded) {
        List<String> why = RequestCoverage.whyNone(store);
        if (noneRecorded && !why.isEmpty()) {
            return String.join("\n", why);
        }
        return noneRecorded ? "No requests recorded yet. Requests appear when they fail, are slow, or are sampled;"
                + " the summary counts them all." : "No requests match. Clear the filter or choose another time.";
    }

    private void apply(Built built) {
        keyed.apply(built.shown());
        RequestRow keep = selected.get();
        if (keep != null) {
            selected.set(keyed.find(keep.key()).orElse(null));
        }
        totalRequests.set(built.total());
        if (built.red() != redApplied) {
            // A new summary (new stats, window or grouping): the rows, the chosen line and its histogram.
            RedRow chosen = selectedRed.get();
            redApplied = built.red();
            red.setAll(built.red());
            selectedRed.set(chosen == null ? null
                    : red.stream().filter(r -> r.key().equals(chosen.key())).findFirst().orElse(null));
            showHistogram();
        }
        emptyText.set(built.empty());
        losses.set(built.losses());
        literalsUnmasked.set(built.unmasked());
    }

    /** The chosen summary line's latencies, or every line's. UI thread. */
    private void showHistogram() {
        RedRow chosen = selectedRed.get();
        Log2Histogram h = new Log2Histogram();
        if (chosen != null) {
            h.add(chosen.stats().latency());
            histogramTitle.set("Latency of " + describe(chosen));
        } else {
            red.forEach(r -> h.add(r.stats().latency()));
            histogramTitle.set("Latency of every request in the summary");
        }
        histogram.set(h);
    }

    static String describe(RedRow r) {
        return r.client().isEmpty() ? (r.method() + " " + r.route()).strip() + " on " + r.server()
                : r.client() + " → " + r.server();
    }

    /** Goes to the Flows page, filtered to this request's connection. */
    public void showFlow(RequestRow row) {
        showFlows.accept(row.flowFilter());
    }

    /** What {@link #showFlow} does: the workbench sets the Flows filter and moves there. */
    public void onShowFlows(Consumer<String> flowFilter) {
        this.showFlows = Objects.requireNonNull(flowFilter, "flowFilter");
    }

    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    @Override
    public void showWindow(TimeWindow window) {
        this.window = Objects.requireNonNull(window, "window");
        refresher.request();
    }

    @Override
    public Optional<BooleanProperty> pause() {
        return Optional.of(refresher.pausedProperty());
    }

    public BooleanProperty pausedProperty() {
        return refresher.pausedProperty();
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Empty when the filter parses; otherwise what is wrong and where. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public ObservableList<RequestRow> rows() {
        return rows;
    }

    /** Requests in the window before the filter, so the view can say "1 of 6". */
    public ReadOnlyIntegerProperty totalRequestsProperty() {
        return totalRequests.getReadOnlyProperty();
    }

    public ObservableList<RedRow> red() {
        return red;
    }

    public ObjectProperty<RedSummary.Grouping> groupingProperty() {
        return grouping;
    }

    /** The summary line whose latencies the histogram shows; null for all of them. */
    public ObjectProperty<RedRow> selectedRedProperty() {
        return selectedRed;
    }

    public ReadOnlyObjectProperty<Log2Histogram> histogramProperty() {
        return histogram.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty histogramTitleProperty() {
        return histogramTitle.getReadOnlyProperty();
    }

    public ObjectProperty<RequestRow> selectedProperty() {
        return selected;
    }

    /** What the empty table says: why there are none (an old sensor: its protocol), or that none match. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** Requests and stats lost (evicted from the store, lost on the sensor); empty when none. */
    public ReadOnlyStringProperty lossesProperty() {
        return losses.getReadOnlyProperty();
    }

    /** Some shown request was captured with masking off: query strings and SQL literals in clear. */
    public ReadOnlyBooleanProperty literalsUnmaskedProperty() {
        return literalsUnmasked.getReadOnlyProperty();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
