package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.requests.RequestCoverage;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapLayouter;
import dev.nightjar.desktop.servicemap.MapShape;
import dev.nightjar.desktop.servicemap.ServiceMap;
import dev.nightjar.desktop.servicemap.ServiceMapBuilder;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Service map page's state: the map of the time window's requests (rebuilt off the UI thread
 * as the store and the slider change, not while hidden), its layout (redone, also off the UI
 * thread, only when the map's shape changes), a line saying what is drawn, and what to say when
 * there is nothing. Clicking an edge shows its requests on the Requests page.
 */
public final class ServiceMapViewModel implements PageModel {

    private final CaptureStore store;
    private final EndpointNamer namer;
    private final int maxWorkloads;
    private final StoreRefresher<Built> refresher;
    private final ReadOnlyObjectWrapper<ServiceMap> map = new ReadOnlyObjectWrapper<>(ServiceMap.EMPTY);
    private final ReadOnlyObjectWrapper<MapLayout> layout = new ReadOnlyObjectWrapper<>(MapLayout.EMPTY);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(1);
    private Consumer<String> showRequests = filter -> { };
    private volatile TimeWindow window = TimeWindow.ALL;
    // Estimated from the text's length until a view hands its measured sizes (measureWith).
    private volatile MapLayouter.Sizes sizes = MapGeometry.DEFAULT;
    // Nothing is built until the page is first shown: the workbench opens on another page, and a
    // map nobody looks at should not hold the shared refresh thread (ELK's first layout loads its classes).
    private volatile boolean shown;
    // Only touched by the build, one at a time.
    private Object builtFrom;
    private MapShape laidOut;
    private MapLayouter.Sizes laidOutWith;
    private MapLayout lastLayout = MapLayout.EMPTY;

    /** What a refresh computed, applied on the UI thread in one go. */
    private record Built(ServiceMap map, MapLayout layout, String summary, String empty) {
    }

    public ServiceMapViewModel(CaptureStore store, EndpointNamer namer, ViewExecutors executors) {
        this(store, namer, executors, ServiceMapBuilder.DEFAULT_MAX_WORKLOADS);
    }

    /** @param maxWorkloads workloads drawn at most; the quieter ones fold into "other" */
    public ServiceMapViewModel(CaptureStore store, EndpointNamer namer, ViewExecutors executors, int maxWorkloads) {
        this.store = store;
        this.namer = namer;
        this.maxWorkloads = maxWorkloads;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
    }

    private Built build() {
        if (!shown) {
            return null;
        }
        TimeWindow w = window;
        List<Object> from = List.of(store.version(PayloadKind.REQUEST, PayloadKind.REQUEST_STATS, PayloadKind.DROP,
                PayloadKind.INFO), w, sizes);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        List<SensorEvent> requests = new ArrayList<>();
        List<SensorEvent> stats = new ArrayList<>();
        List<SensorEvent> drops = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> {
                requests.addAll(n.events(PayloadKind.REQUEST, w));
                stats.addAll(n.events(PayloadKind.REQUEST_STATS, w));
                drops.addAll(n.events(PayloadKind.DROP, w));
            });
        }
        ServiceMap built = ServiceMapBuilder.build(requests, stats, drops, namer, maxWorkloads);
        MapShape shape = MapShape.of(built);
        MapLayouter.Sizes sizesNow = sizes;
        if (!shape.equals(laidOut) || sizesNow != laidOutWith) {
            lastLayout = MapLayouter.layout(built, sizesNow);
            laidOut = shape;
            laidOutWith = sizesNow;
        }
        return new Built(built, lastLayout, summary(built), built.isEmpty() ? emptyText() : "");
    }

    private static String summary(ServiceMap m) {
        if (m.isEmpty()) {
            return "";
        }
        int workloads = m.nodes().size() - (m.foldedWorkloads() > 0 ? 1 : 0);
        String text = String.format(Locale.ROOT, "%d workload%s, %d edge%s", workloads, workloads == 1 ? "" : "s",
                m.edges().size(), m.edges().size() == 1 ? "" : "s");
        if (m.foldedWorkloads() > 0) {
            text += String.format(Locale.ROOT, " · %,d quieter workloads folded into \"other\"",
                    m.foldedWorkloads());
        }
        if (m.windowNs() > 0) {
            text += String.format(Locale.ROOT, " · rates over %.1f s of request stats", m.windowNs() / 1e9);
        }
        return text;
    }

    private String emptyText() {
        List<String> why = RequestCoverage.whyNone(store);
        return why.isEmpty() ? "No requests in this time window: the map draws who calls whom from the requests"
                + " the sensors capture (HTTP, gRPC, DNS, PostgreSQL, Redis). Choose another time, or wait for traffic."
                : String.join("\n", why);
    }

    private void apply(Built built) {
        // The layout first: a view that redraws on a new map finds every box it needs.
        layout.set(built.layout());
        map.set(built.map());
        summary.set(built.summary());
        emptyText.set(built.empty());
    }

    /**
     * How big the view draws boxes and labels (it knows its fonts); the map is laid out again with
     * them. Until a view calls this, sizes are estimated from the text's length.
     */
    public void measureWith(MapLayouter.Sizes measured) {
        sizes = Objects.requireNonNull(measured, "measured");
        refresher.request();
    }

    /** Goes to the Requests page, filtered to this edge's client, server and protocol. */
    public void showRequests(MapEdge edge) {
        showRequests.accept(edge.requestsFilter());
    }

    /** What {@link #showRequests} does: the workbench sets the Requests filter and moves there. */
    public void onShowRequests(Consumer<String> requestsFilter) {
        this.showRequests = Objects.requireNonNull(requestsFilter, "requestsFilter");
    }

    public ReadOnlyObjectProperty<ServiceMap> mapProperty() {
        return map.getReadOnlyProperty();
    }

    /**
     * Changes only when the map's shape does (a new workload or edge), never on new figures alone;
     * set before the {@link #mapProperty() map} it belongs to.
     */
    public ReadOnlyObjectProperty<MapLayout> layoutProperty() {
        return layout.getReadOnlyProperty();
    }

    /** "12 workloads, 20 edges · 37 quieter workloads folded into "other" · rates over 10.0 s of request stats". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the map is empty; "" when it is not. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** How large the map is drawn: 1 is 100 %; always within {@link MapZoom#MIN} … {@link MapZoom#MAX}. */
    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    /** One step larger (the + button, Ctrl+plus). */
    public void zoomIn() {
        zoom.set(MapZoom.in(zoom.get()));
    }

    /** One step smaller (the − button, Ctrl+minus). */
    public void zoomOut() {
        zoom.set(MapZoom.out(zoom.get()));
    }

    /** By a free factor, e.g. 1.1 for a notch of Ctrl+scroll up. */
    public void zoomBy(double factor) {
        zoom.set(MapZoom.by(zoom.get(), factor));
    }

    /** Back to 100 %. */
    public void zoomActual() {
        zoom.set(1);
    }

    /** The whole map in a view of this size (the Fit button); never larger than 100 %. */
    public void fit(double viewWidth, double viewHeight) {
        MapLayout l = layout.get();
        zoom.set(MapZoom.fit(viewWidth, viewHeight, l.width(), l.height()));
    }

    public BooleanProperty pausedProperty() {
        return refresher.pausedProperty();
    }

    @Override
    public void setShown(boolean shown) {
        boolean was = this.shown;
        this.shown = shown;
        refresher.setShown(shown);
        if (shown && !was) {
            // The refresher counts itself shown from the start, so it may not ask on its own.
            refresher.request();
        }
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

    @Override
    public void close() {
        refresher.close();
    }
}
