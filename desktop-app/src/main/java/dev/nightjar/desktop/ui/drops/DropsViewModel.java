package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropGroups;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.drops.policy.DropPolicyDiagnosis;
import dev.nightjar.desktop.drops.policy.NetworkPolicyEvaluator;
import dev.nightjar.desktop.drops.policy.SnapshotPolicies;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public final class DropsViewModel implements PageModel {

    private static final long EVALUATOR_MAX_AGE_NS = 10_000_000_000L;

    private final CaptureStore store;
    private final DropReasonCatalog catalog;
    private final EndpointNamer namer;
    private final StoreRefresher<Built> refresher;
    private final ObservableList<DropGroup> groups = FXCollections.observableArrayList();
    private final ObjectProperty<DropGroup> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper policyDiagnosis = new ReadOnlyStringWrapper("");
    /** Per reason name, what the policies say; applied with the groups, read on the UI thread. */
    private Map<String, String> diagnoses = Map.of();
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile Supplier<ClusterSnapshot> policies = () -> null;
    // Only touched by builds, which run one at a time.
    private Supplier<ClusterSnapshot> evaluatorSource;
    private NetworkPolicyEvaluator evaluator;
    private long evaluatorBuiltNs;

    /** A refresh's result: the groups, and for the policy-enforced ones what the policies say. */
    private record Built(List<DropGroup> groups, Map<String, String> diagnoses) {
    }

    public DropsViewModel(CaptureStore store, DropReasonCatalog catalog, EndpointNamer namer, Executor uiThread) {
        this(store, catalog, namer, ViewExecutors.uiOnly(uiThread));
    }

    public DropsViewModel(CaptureStore store, DropReasonCatalog catalog, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.catalog = catalog;
        this.namer = namer;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
        selected.addListener((obs, old, group) -> showDiagnosis(group));
    }

    /**
     * The cluster whose NetworkPolicies explain drops (the live Enricher's or a bundle's
     * snapshot); supplies null when there is none. UI thread.
     */
    public void usePolicies(Supplier<ClusterSnapshot> snapshot) {
        this.policies = java.util.Objects.requireNonNull(snapshot, "snapshot");
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
        List<SensorEvent> drops = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> drops.addAll(n.events(PayloadKind.DROP, w)));
        }
        drops.sort(Comparator.comparingLong(SensorEvent::getTimestampNs));
        List<DropGroup> next = DropGroups.of(drops, catalog, namer);
        NetworkPolicyEvaluator policiesNow = evaluator();
        Map<String, String> said = new HashMap<>();
        if (policiesNow != null) {
            for (DropGroup group : next) {
                DropPolicyDiagnosis.of(group, policiesNow).ifPresent(text -> said.put(group.reason().name(), text));
            }
        }
        return new Built(next, Map.copyOf(said));
    }

    /** Whether the page is on screen: a hidden page does no work. */
    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    private void apply(Built built) {
        List<DropGroup> next = built.groups();
        diagnoses = built.diagnoses();
        String selectedReason = selected.get() == null ? null : selected.get().reason().name();
        groups.setAll(next);
        DropGroup keep = next.stream().filter(g -> g.reason().name().equals(selectedReason)).findFirst()
                .orElse(next.isEmpty() ? null : next.getFirst());
        selected.set(keep);
        showDiagnosis(keep); // the listener does not fire when the group is equal to the last one
    }

    /** Groups only the drops recorded inside {@code window}; {@link TimeWindow#ALL} for all. UI thread. */
    @Override
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
    public Optional<BooleanProperty> pause() {
        return Optional.of(pausedProperty());
    }

    @Override
    public void close() {
        refresher.close();
    }
}
