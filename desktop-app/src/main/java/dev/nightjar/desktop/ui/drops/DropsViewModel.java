package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.capture.WireNames;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.drops.DropFilter;
import dev.nightjar.desktop.drops.DropFocus;
import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropGroups;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.drops.DropTuple;
import dev.nightjar.desktop.drops.policy.DropPolicyDiagnosis;
import dev.nightjar.desktop.drops.policy.NetworkPolicyEvaluator;
import dev.nightjar.desktop.drops.policy.SnapshotPolicies;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.KeyedRows;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * Drops grouped by kernel reason, each explained; the selection survives refreshes. The
 * groups and the selected group's affected endpoints reach the UI thread as small diffs
 * ({@link KeyedRows}); a filter narrows the drop records before they are grouped, and one
 * that cannot be read says why while the last valid one stays in force.
 */
public final class DropsViewModel implements PageModel {

    private static final long EVALUATOR_MAX_AGE_NS = 10_000_000_000L;
    private static final long NAMES_REFRESH_NS = 3_000_000_000L;

    private final CaptureStore store;
    private final DropReasonCatalog catalog;
    private final EndpointNamer namer;
    private final StoreRefresher<Built> refresher;
    private final KeyedRows<DropGroup> keyedGroups = new KeyedRows<>(g -> g.reason().name());
    private final ObservableList<DropGroup> groups = new SortedList<>(keyedGroups.rows(), DropGroups.ORDER);
    private final KeyedRows<DropTuple> keyedTuples = new KeyedRows<>(DropsViewModel::tupleKey);
    private final ObservableList<DropTuple> tuples = new SortedList<>(keyedTuples.rows(), DropGroups.TUPLE_ORDER);
    private final ObjectProperty<DropGroup> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<DropFocus> focus = new SimpleObjectProperty<>();
    private Consumer<DropTuple> showFlows = tuple -> { };
    private final ReadOnlyStringWrapper policyDiagnosis = new ReadOnlyStringWrapper("");
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    /** Per reason name, what the policies say; applied with the groups, read on the UI thread. */
    private Map<String, String> diagnoses = Map.of();
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile Supplier<ClusterSnapshot> policies = () -> null;
    private volatile String selectedReason;
    private volatile DropFocus focused;
    private volatile TextFilter<DropFilter.Row> filter = DropFilter.everything();
    // Only touched by builds, which run one at a time.
    private Supplier<ClusterSnapshot> evaluatorSource;
    private NetworkPolicyEvaluator evaluator;
    private long evaluatorBuiltNs;
    private Object builtFrom;

    /**
     * A refresh's result: the groups, the selected group's endpoints (of {@code reason}), and
     * for the policy-enforced groups what the policies say.
     */
    private record Built(KeyedRows.Patch<DropGroup> groups, String reason, KeyedRows.Patch<DropTuple> tuples,
                         Map<String, String> diagnoses) {
    }

    /** A row's identity: its endpoints (a folded side by address alone), protocol and kernel location. */
    private record TupleKey(String node, String sourceIp, int sourcePort, String destinationIp, int destinationPort,
                            String protocol, String location, String ifname) {
    }

    static TupleKey tupleKey(DropTuple t) {
        return new TupleKey(t.node(), t.source().ip(), t.sourcePorts() > 1 ? -1 : t.source().port(),
                t.destination().ip(), t.destinationPorts() > 1 ? -1 : t.destination().port(), t.protocol(),
                t.location(), t.ifname());
    }

    public DropsViewModel(CaptureStore store, DropReasonCatalog catalog, EndpointNamer namer, Executor uiThread) {
        this(store, catalog, namer, ViewExecutors.uiOnly(uiThread));
    }

    public DropsViewModel(CaptureStore store, DropReasonCatalog catalog, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.catalog = catalog;
        this.namer = namer;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
        selected.addListener((obs, old, group) -> {
            showDiagnosis(group);
            String reason = group == null ? null : group.reason().name();
            if (!Objects.equals(reason, selectedReason)) {
                selectedReason = reason;
                refresher.request();
            }
        });
        filterText.addListener((obs, old, text) -> applyFilter(text));
        focus.addListener((obs, old, now) -> {
            focused = now;
            if (now != null) {
                selectedReason = null; // the build opens the focused flow's group
            }
            refresher.request();
        });
    }

    private void applyFilter(String text) {
        try {
            filter = DropFilter.parse(text);
            filterError.set("");
        } catch (TextFilterException e) {
            // Keep showing what the last valid filter let through while the user is mid-edit.
            filterError.set(e.describe());
            return;
        }
        refresher.request();
    }

    /**
     * Narrows the page to the drops of one flow's packets: opens the group of its reason
     * (or the first with such a tuple) and lists only those tuples, until
     * {@link #clearFocus()}. UI thread.
     */
    public void focus(DropFocus f) {
        focus.set(Objects.requireNonNull(f, "focus"));
    }

    public void clearFocus() {
        focus.set(null);
    }

    /** The focus in force, or null. */
    public ObjectProperty<DropFocus> focusProperty() {
        return focus;
    }

    /** Goes to the Flows page, on the flows of this tuple's endpoints. */
    public void showFlows(DropTuple tuple) {
        showFlows.accept(tuple);
    }

    /** What {@link #showFlows} does: the workbench moves to the page. */
    public void onShowFlows(Consumer<DropTuple> handler) {
        this.showFlows = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The cluster whose NetworkPolicies explain drops (the live Enricher's or a bundle's
     * snapshot); supplies null when there is none. UI thread.
     */
    public void usePolicies(Supplier<ClusterSnapshot> snapshot) {
        this.policies = Objects.requireNonNull(snapshot, "snapshot");
        refresher.request();
    }

    /** What the cluster's NetworkPolicies say about the selected group's drops; empty when nothing to say. */
    public ReadOnlyStringProperty policyDiagnosisProperty() {
        return policyDiagnosis.getReadOnlyProperty();
    }

    private void showDiagnosis(DropGroup group) {
        policyDiagnosis.set(group == null ? "" : diagnoses.getOrDefault(group.reason().name(), ""));
    }

    /**
     * Rebuilt when the source changes and at most every few seconds otherwise: a live
     * cluster's policies change, but not per refresh. On the build's thread.
     */
    private NetworkPolicyEvaluator evaluator() {
        Supplier<ClusterSnapshot> source = policies;
        long now = System.nanoTime();
        if (source != evaluatorSource || evaluator == null || now - evaluatorBuiltNs > EVALUATOR_MAX_AGE_NS) {
            ClusterSnapshot snapshot = source.get();
            evaluator = snapshot == null ? null : SnapshotPolicies.evaluator(snapshot);
            evaluatorSource = source;
            evaluatorBuiltNs = now;
        }
        return evaluator;
    }

    /** From a snapshot of the store: off the UI thread in the app, policy evaluation included. */
    private Built build() {
        TimeWindow w = window;
        TextFilter<DropFilter.Row> f = filter;
        String reason = selectedReason;
        DropFocus flow = focused;
        Supplier<ClusterSnapshot> source = policies;
        List<Object> from = List.of(store.version(PayloadKind.DROP), w, f, Objects.toString(reason),
                Objects.toString(flow), source, System.nanoTime() / NAMES_REFRESH_NS);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        List<SensorEvent> drops = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> drops.addAll(n.events(PayloadKind.DROP, w)));
        }
        drops.sort(Comparator.comparingLong(SensorEvent::getTimestampNs));
        List<SensorEvent> kept = f.isEverything() ? drops : DropFilter.keep(drops, f, catalog, namer);
        List<DropGroup> next = DropGroups.of(kept, catalog, namer);
        NetworkPolicyEvaluator policiesNow = evaluator();
        Map<String, String> said = new HashMap<>();
        if (policiesNow != null) {
            for (DropGroup group : next) {
                DropPolicyDiagnosis.of(group, policiesNow).ifPresent(text -> said.put(group.reason().name(), text));
            }
        }
        // The endpoints of the group the user looks at (the first one until they pick another, or
        // a flow's when it was opened from one: then only that flow's own packets, unfolded).
        List<DropGroup> flowsOwn = flow == null ? List.of()
                : DropGroups.of(kept.stream().filter(e -> ofFlow(e, flow)).toList(), catalog, namer);
        DropGroup shown = next.stream().filter(g -> g.reason().name().equals(reason)).findFirst()
                .or(() -> flow == null ? Optional.empty() : focusedGroup(next, flow, flowsOwn))
                .orElse(next.isEmpty() ? null : next.getFirst());
        List<DropTuple> endpoints = shown == null ? List.of() : flow == null ? shown.tuples()
                : flowsOwn.stream().filter(g -> g.reason().equals(shown.reason())).findFirst()
                        .map(DropGroup::tuples).orElse(List.of());
        return new Built(keyedGroups.diff(next), shown == null ? null : shown.reason().name(),
                keyedTuples.diff(endpoints), Map.copyOf(said));
    }

    /** The flow's verdict's reason, or else the first reason its packets were dropped for. */
    private static Optional<DropGroup> focusedGroup(List<DropGroup> groups, DropFocus flow, List<DropGroup> flowsOwn) {
        String first = flowsOwn.isEmpty() ? null : flowsOwn.getFirst().reason().name();
        return groups.stream().filter(g -> g.reason().name().equals(flow.reason())).findFirst()
                .or(() -> groups.stream().filter(g -> g.reason().name().equals(first)).findFirst());
    }

    /** Whether a drop record is of the focused flow's packets (either way, any port where one is 0). */
    private static boolean ofFlow(SensorEvent e, DropFocus flow) {
        FiveTuple t = e.getDrop().getTuple();
        return flow.matches(new DropTuple(e.getNode(), FlowEndpoint.ofAddress(IpAddressText.of(t.getSrcAddr()),
                t.getSrcPort()), FlowEndpoint.ofAddress(IpAddressText.of(t.getDstAddr()), t.getDstPort()),
                WireNames.protocol(t.getProtocol()), "", "", 0, 0));
    }

    /** Whether the page is on screen: a hidden page does no work. */
    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    private void apply(Built built) {
        keyedGroups.apply(built.groups());
        keyedTuples.apply(built.tuples());
        diagnoses = built.diagnoses();
        DropGroup keep = built.reason() == null ? null : keyedGroups.find(built.reason()).orElse(null);
        selected.set(keep);
        showDiagnosis(keep); // the listener does not fire when the group is equal to the last one
    }

    /** Groups only the drops recorded inside {@code window}; {@link TimeWindow#ALL} for all. UI thread. */
    @Override
    public void showWindow(TimeWindow window) {
        this.window = Objects.requireNonNull(window, "window");
        refresher.request();
    }

    /** Reasons, actionable first, then by packets. */
    public ObservableList<DropGroup> groups() {
        return groups;
    }

    /**
     * The selected reason's affected endpoints, busiest first (ephemeral client ports folded);
     * only the focused flow's while there is a focus.
     */
    public ObservableList<DropTuple> tuples() {
        return tuples;
    }

    public ObjectProperty<DropGroup> selectedProperty() {
        return selected;
    }

    /** E.g. {@code port=8080 !node=worker-2}; see {@link DropFilter}. */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Empty when the filter reads; otherwise what is wrong and where. */
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

    @Override
    public void close() {
        refresher.close();
    }
}
