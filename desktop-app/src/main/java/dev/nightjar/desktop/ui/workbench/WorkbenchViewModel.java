package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.LossSummary;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.drops.DropFocus;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.TimelineLimits;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.ui.page.TraceActions;
import dev.nightjar.desktop.ui.drops.DropsViewModel;
import dev.nightjar.desktop.ui.flows.FlowsViewModel;
import dev.nightjar.desktop.ui.overview.OverviewViewModel;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.profile.FlameGraphViewModel;
import dev.nightjar.desktop.ui.requests.RequestsViewModel;
import dev.nightjar.desktop.ui.security.SecurityViewModel;
import dev.nightjar.desktop.ui.servicemap.ServiceMapViewModel;
import dev.nightjar.desktop.ui.syscalls.SyscallsViewModel;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * An open capture: the store, the view models of its pages, and the session
 * bar's figures (events per second, events lost). The pages are held by their
 * {@link PageModel} contract in one map: only the page on screen refreshes, all see
 * the same time window, and the shown one's pause is Ctrl+P.
 */
public final class WorkbenchViewModel implements AutoCloseable {

    private final CaptureStore store;
    private final CaptureSource source;
    private final OverviewViewModel overview;
    private final FlowsViewModel flows;
    private final DropsViewModel drops;
    private final SyscallsViewModel syscalls;
    private final FlameGraphViewModel flameGraph;
    private final RequestsViewModel requests;
    private final SecurityViewModel security;
    private final ServiceMapViewModel serviceMap;
    private final Map<WorkbenchPage, PageModel> pages = new EnumMap<>(WorkbenchPage.class);
    private final ObjectProperty<WorkbenchPage> page = new SimpleObjectProperty<>(WorkbenchPage.OVERVIEW);
    private final ReadOnlyStringWrapper rate = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lost = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ConnectionState> state = new ReadOnlyObjectWrapper<>();
    /** Per sensor (node or address), its latest state and what it said; in the order first heard of. */
    private final Map<String, ConnectionState> sensorStates = new LinkedHashMap<>();
    private final Map<String, String> sensorDetails = new LinkedHashMap<>();
    private LiveSource liveSource;
    private boolean stopped;
    private final TraceControl trace;

    private long lastVersion;
    private long lastTickNanos = -1;

    /** Every page's refresh runs on the UI thread: for tests, where it must be deterministic. */
    public WorkbenchViewModel(CaptureStore store, CaptureSource source, EndpointNamer namer, Executor uiThread) {
        this(store, source, namer, ViewExecutors.uiOnly(uiThread));
    }

    /** @param executors in the app, {@link ViewExecutors#withRefreshThread}: tables are built off the UI thread */
    public WorkbenchViewModel(CaptureStore store, CaptureSource source, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.source = source;
        this.overview = new OverviewViewModel(store, namer, executors);
        this.flows = new FlowsViewModel(store, namer, executors);
        this.drops = new DropsViewModel(store, DropReasonCatalog.builtIn(), namer, executors);
        this.syscalls = new SyscallsViewModel(store, executors, TimelineLimits.DEFAULT);
        syscalls.usePods(namer::podOfContainer);
        this.flameGraph = new FlameGraphViewModel(store, executors);
        flameGraph.usePods(namer::podOfContainer);
        this.requests = new RequestsViewModel(store, namer, executors);
        this.security = new SecurityViewModel(store, executors);
        security.usePods(namer::podOfContainer);
        this.serviceMap = new ServiceMapViewModel(store, namer, executors);
        this.trace = new TraceControl(store, namer::podOfContainer, executors, syscalls,
                () -> page.set(WorkbenchPage.SYSCALLS));
        overview.offerTracing(trace);
        flameGraph.offerTracing(trace);
        security.offerChoice(trace, trace.targetsProperty(), trace.liveProperty());
        pages.put(WorkbenchPage.OVERVIEW, overview);
        pages.put(WorkbenchPage.FLOWS, flows);
        pages.put(WorkbenchPage.DROPS, drops);
        pages.put(WorkbenchPage.SYSCALLS, syscalls);
        pages.put(WorkbenchPage.FLAME_GRAPH, flameGraph);
        pages.put(WorkbenchPage.REQUESTS, requests);
        pages.put(WorkbenchPage.SECURITY, security);
        pages.put(WorkbenchPage.SERVICE_MAP, serviceMap);
        if (pages.size() != WorkbenchPage.values().length) {
            throw new IllegalStateException("every WorkbenchPage needs its PageModel here: " + pages.keySet());
        }
        navigateBetweenPages();
        page.addListener((obs, old, shown) -> showOnly(shown));
        showOnly(page.get());
        state.set(source.live() ? ConnectionState.CONNECTING : ConnectionState.OFFLINE);
        tick(0);
    }

    /**
     * Leaves this session's own sensor stream (the connection the events arrive on) out of the
     * top talkers, which say so. UI thread.
     */
    public void hideSessionTraffic(SessionTraffic traffic) {
        overview.hideSessionTraffic(traffic);
        flows.hideSessionTraffic(traffic);
    }

    /**
     * Links between pages: a flow's drops, a pod's syscalls, a drop tuple's flows; a card's "see
     * Drops" and its top talkers, narrowed to what was clicked.
     */
    private void navigateBetweenPages() {
        overview.setLinks(node -> {
            drops.filterTextProperty().set("node=" + node);
            page.set(WorkbenchPage.DROPS);
        }, filter -> {
            flows.filterTextProperty().set(filter);
            page.set(WorkbenchPage.FLOWS);
        });
        flows.onNavigate(row -> {
            drops.focus(new DropFocus(row.dropReason(), row.source(), row.destination(), row.protocol()));
            page.set(WorkbenchPage.DROPS);
        }, pod -> {
            syscalls.podProperty().set(pod);
            page.set(WorkbenchPage.SYSCALLS);
        });
        requests.onShowFlows(filter -> {
            flows.filterTextProperty().set(filter);
            page.set(WorkbenchPage.FLOWS);
        });
        security.onNavigate(filter -> {
            flows.filterTextProperty().set(filter);
            page.set(WorkbenchPage.FLOWS);
        }, filter -> {
            requests.filterTextProperty().set(filter);
            page.set(WorkbenchPage.REQUESTS);
        }, filter -> {
            syscalls.podProperty().set(""); // the pid names the process; a pod chosen before would hide it
            syscalls.filterTextProperty().set(filter);
            page.set(WorkbenchPage.SYSCALLS);
        });
        serviceMap.onShowRequests(filter -> {
            requests.filterTextProperty().set(filter);
            page.set(WorkbenchPage.REQUESTS);
        });
        drops.onShowFlows(tuple -> {
            flows.filterTextProperty().set(DropFocus.flowFilter(tuple));
            page.set(WorkbenchPage.FLOWS);
        });
    }

    /** The cluster (a live Enricher's or a bundle's snapshot) whose NetworkPolicies explain drops. UI thread. */
    public void usePolicies(java.util.function.Supplier<dev.nightjar.desktop.cluster.ClusterSnapshot> snapshot) {
        drops.usePolicies(snapshot);
    }

    /**
     * Pages nobody looks at do no refresh work (their store listener returns at once);
     * the one shown catches up at once. A background build already started when the user
     * switches away still finishes and is applied.
     */
    private void showOnly(WorkbenchPage shown) {
        pages.forEach((key, model) -> model.setShown(key == shown));
    }

    /**
     * Called about once a second on the UI thread with a monotonic clock;
     * updates the session bar's rate and loss figures.
     */
    public void tick(long nowNanos) {
        long version = store.version();
        if (!source.live() || stopped) {
            // Nothing arrives any more: a rate would only ever say 0 events/s.
            rate.set(String.format(Locale.ROOT, "%,d events", version));
        } else if (lastTickNanos >= 0 && nowNanos > lastTickNanos) {
            double perSecond = (version - lastVersion) * 1e9 / (nowNanos - lastTickNanos);
            rate.set(String.format(Locale.ROOT, "%,.0f events/s", perSecond));
        } else {
            rate.set(String.format(Locale.ROOT, "%,d events", version));
        }
        lastVersion = version;
        lastTickNanos = nowNanos;
        lost.set(LossSummary.of(store).text());
    }

    /**
     * Ties a live source to this workbench. Whoever closes the workbench stops
     * the source first (off the UI thread), see {@link #detachLiveSource()}.
     */
    public void attachLiveSource(LiveSource source) {
        this.liveSource = source;
    }

    /** Hands the live source over to be stopped; the workbench keeps what was captured. */
    public java.util.Optional<LiveSource> detachLiveSource() {
        LiveSource source = liveSource;
        liveSource = null;
        return java.util.Optional.ofNullable(source);
    }

    public boolean isLive() {
        return liveSource != null;
    }

    /**
     * Lets the pages choose what the live sensors trace ("Trace syscalls of this process"). The
     * session starts with {@code initial}: one sensor's or a cluster's, each sensor with no
     * syscalls and profiles of the whole node. UI thread.
     */
    public void useRetargeter(Retargeter retargeter, TargetsByNode initial) {
        trace.use(retargeter, initial);
    }

    /** What the pages' trace menus and the Syscalls page's picker call. */
    public TraceActions traceActions() {
        return trace;
    }

    /** What the live sensors are asked for now. */
    public ReadOnlyObjectProperty<TargetsByNode> targetsProperty() {
        return trace.targetsProperty();
    }

    /** Why the last choice of what to trace did not take; empty when it did. */
    public ReadOnlyStringProperty targetProblemProperty() {
        return trace.problemProperty();
    }

    /** What the sensor did with the last choice of what to trace, in words. */
    public ReadOnlyStringProperty targetDoneProperty() {
        return trace.doneProperty();
    }

    /** Whether what is traced can be chosen now: a live session whose stream takes a new choice, not stopped. */
    public ReadOnlyBooleanProperty retargetableProperty() {
        return trace.liveProperty();
    }

    /** Call on the UI thread with the stream's latest state, e.g. "reconnecting to 127.0.0.1:7700". */
    public void showConnection(String state) {
        connection.set(state);
    }

    /**
     * One sensor's stream changed state (UI thread): the badge says LIVE only while events can
     * arrive, and the connection line says what each sensor that is not streaming is doing.
     *
     * @param sensor the node (cluster) or address (a single sensor) it is about
     */
    public void showConnection(String sensor, ConnectionState now, String detail) {
        if (stopped) {
            return;
        }
        sensorStates.put(sensor, now);
        sensorDetails.put(sensor, detail);
        state.set(ConnectionState.of(sensorStates.values()));
        List<String> lines = new ArrayList<>();
        sensorStates.forEach((name, s) -> {
            if (s != ConnectionState.LIVE || sensorStates.size() == 1) {
                lines.add((sensorStates.size() == 1 ? "" : name + ": ") + sensorDetails.get(name));
            }
        });
        connection.set(String.join(" · ", lines));
    }

    /** The user pressed Stop: the badge says STOPPED, the overview that features stopped. UI thread. */
    public void markStopped() {
        stopped = true;
        trace.stopped();
        state.set(ConnectionState.STOPPED);
        connection.set("■ stopped");
        overview.sessionStopped();
        tick(System.nanoTime());
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** The badge: OFFLINE for a bundle; CONNECTING, LIVE, RECONNECTING, FAILED or STOPPED for a session. */
    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public CaptureSource source() {
        return source;
    }

    public ObjectProperty<WorkbenchPage> pageProperty() {
        return page;
    }

    public void nextPage() {
        page.set(page.get().next());
    }

    /** Pause/follow on the page shown, for pages with a Pause button; capture goes on either way. */
    public void togglePause() {
        pages.get(page.get()).pause().ifPresent(paused -> paused.set(!paused.get()));
    }

    public ReadOnlyStringProperty rateProperty() {
        return rate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lostProperty() {
        return lost.getReadOnlyProperty();
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public FlowsViewModel flows() {
        return flows;
    }

    public DropsViewModel drops() {
        return drops;
    }

    public SyscallsViewModel syscalls() {
        return syscalls;
    }

    public FlameGraphViewModel flameGraph() {
        return flameGraph;
    }

    public RequestsViewModel requests() {
        return requests;
    }

    public SecurityViewModel security() {
        return security;
    }

    public ServiceMapViewModel serviceMap() {
        return serviceMap;
    }

    /**
     * Every page shows only what was recorded inside {@code window} (the time slider's
     * choice); {@link TimeWindow#ALL} shows everything. UI thread.
     */
    public void showWindow(TimeWindow window) {
        pages.values().forEach(model -> model.showWindow(window));
    }

    /** The view model of {@code key}'s page, by the contract every page keeps. */
    public PageModel page(WorkbenchPage key) {
        return pages.get(key);
    }

    public CaptureStore store() {
        return store;
    }

    @Override
    public void close() {
        pages.values().forEach(PageModel::close);
    }
}
