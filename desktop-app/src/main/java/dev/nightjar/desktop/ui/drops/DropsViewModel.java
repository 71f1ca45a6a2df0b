package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.RecordKind;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropGroups;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.drops.policy.DropPolicyDiagnosis;
import dev.nightjar.desktop.drops.policy.NetworkPolicyEvaluator;
import dev.nightjar.desktop.drops.policy.SnapshotPolicies;
import dev.nightjar.desktop.flows.EndpointNamer;
import dev.nightjar.desktop.ui.util.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Drops grouped by kernel reason, each explained; the selection survives refreshes. */
public final class DropsViewModel implements AutoCloseable {

    private static final long EVALUATOR_MAX_AGE_NS = 10_000_000_000L;

    private final CaptureStore store;
    private final DropReasonCatalog catalog;
    private final EndpointNamer namer;
    private final StoreRefresher<List<DropGroup>> refresher;
    private final ObservableList<DropGroup> groups = FXCollections.observableArrayList();
    private final ObjectProperty<DropGroup> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper policyDiagnosis = new ReadOnlyStringWrapper("");
    private Supplier<ClusterSnapshot> policies = () -> null;
    private NetworkPolicyEvaluator evaluator;
    private long evaluatorBuiltNs;
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
        selected.addListener((obs, old, group) -> diagnose(group));
    }

    /**
     * The cluster whose NetworkPolicies explain drops (the live Enricher's or a bundle's
     * snapshot); supplies null when there is none. UI thread.
     */
    public void usePolicies(Supplier<ClusterSnapshot> snapshot) {
        this.policies = java.util.Objects.requireNonNull(snapshot, "snapshot");
        evaluator = null;
        diagnose(selected.get());
    }

    /** What the cluster's NetworkPolicies say about the selected group's drops; empty when nothing to say. */
    public ReadOnlyStringProperty policyDiagnosisProperty() {
        return policyDiagnosis.getReadOnlyProperty();
    }

    private void diagnose(DropGroup group) {
        NetworkPolicyEvaluator policiesNow = group == null ? null : evaluator();
        policyDiagnosis.set(policiesNow == null ? ""
                : DropPolicyDiagnosis.of(group, policiesNow).orElse(""));
    }

    /** Rebuilt at most every few seconds: a live cluster's policies change, but not per refresh. */
    private NetworkPolicyEvaluator evaluator() {
        long now = System.nanoTime();
        if (evaluator == null || now - evaluatorBuiltNs > EVALUATOR_MAX_AGE_NS) {
            ClusterSnapshot snapshot = policies.get();
            evaluator = snapshot == null ? null : SnapshotPolicies.evaluator(snapshot);
            evaluatorBuiltNs = now;
        }
        return evaluator;
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
