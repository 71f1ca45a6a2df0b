package dev.nightjar.desktop.ui.profile;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.profile.FlameMatch;
import dev.nightjar.desktop.profile.FlameScope;
import dev.nightjar.desktop.profile.FlameSearch;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.profile.FlameTreeBuilder;
import dev.nightjar.desktop.profile.FrameCategory;
import dev.nightjar.desktop.profile.ProcessKey;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The flame graph page: builds a merged call tree from the store's stack samples
 * for the chosen scope and time window, and holds zoom, search and layout mode.
 * The tree is rebuilt only when stack samples or the scope change, never for
 * the flows and drops that make up most of a live stream. Like every page it refreshes
 * through a {@link StoreRefresher}: built off the UI thread, applied on it, and not at
 * all while the page is hidden or paused.
 */
public final class FlameGraphViewModel implements PageModel {

    static final ScopeChoice<String> ALL_NODES = ScopeChoice.any("All nodes");
    static final ScopeChoice<String> ALL_CONTAINERS = ScopeChoice.any("All containers and host");
    static final ScopeChoice<ProcessKey> ALL_PROCESSES = ScopeChoice.any("All processes");

    private final CaptureStore store;
    private final StoreRefresher<Built> refresher;
    private PodOfContainer pods = PodOfContainer.UNKNOWN;

    private final ObservableList<ScopeChoice<String>> nodeChoices = FXCollections.observableArrayList(ALL_NODES);
    private final ObservableList<ScopeChoice<String>> containerChoices = FXCollections.observableArrayList(ALL_CONTAINERS);
    private final ObservableList<ScopeChoice<ProcessKey>> processChoices = FXCollections.observableArrayList(ALL_PROCESSES);
    private final ObjectProperty<ScopeChoice<String>> node = new SimpleObjectProperty<>(ALL_NODES);
    private final ObjectProperty<ScopeChoice<String>> container = new SimpleObjectProperty<>(ALL_CONTAINERS);
    private final ObjectProperty<ScopeChoice<ProcessKey>> process = new SimpleObjectProperty<>(ALL_PROCESSES);
    private final ReadOnlyObjectWrapper<TimeWindow> window = new ReadOnlyObjectWrapper<>(TimeWindow.ALL);

    private final ReadOnlyObjectWrapper<FlameTree> tree = new ReadOnlyObjectWrapper<>(FlameTree.empty());
    private final ReadOnlyIntegerWrapper focus = new ReadOnlyIntegerWrapper(FlameTree.ROOT);
    private final ObservableList<String> zoomPath = FXCollections.observableArrayList();
    private final ObservableList<String> zoomPathView = FXCollections.unmodifiableObservableList(zoomPath);

    private final StringProperty searchText = new SimpleStringProperty("");
    private final BooleanProperty searchRegex = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<FlameMatch> match = new ReadOnlyObjectWrapper<>(FlameMatch.NONE);
    private final ReadOnlyDoubleWrapper matchedShare = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper matchedText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper searchProblem = new ReadOnlyStringWrapper("");

    private final ObjectProperty<FlameLayoutMode> layoutMode = new SimpleObjectProperty<>(FlameLayoutMode.FLAME);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    // What a build reads: written on the UI thread, read where the build runs.
    private volatile FlameScope wanted;
    // The build's own memory of what it built last; only touched where builds run, one at a time.
    private long builtStacksVersion = -1;
    private FlameScope builtScope;

    /**
     * @param uiThread {@code Platform::runLater} in the app; a queue or direct executor in tests
     * @param builder  where trees are built (a 100,000-frame tree takes a noticeable fraction of a second)
     */
    public FlameGraphViewModel(CaptureStore store, Executor uiThread, Executor builder) {
        this(store, new ViewExecutors(builder, uiThread));
    }

    /** @param executors in the app, {@link ViewExecutors#withRefreshThread}: trees are built off the UI thread */
    public FlameGraphViewModel(CaptureStore store, ViewExecutors executors) {
        this.store = store;
        this.wanted = scope();
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply, this::buildFailed);
        node.addListener((obs, old, now) -> scopeChanged());
        container.addListener((obs, old, now) -> scopeChanged());
        process.addListener((obs, old, now) -> scopeChanged());
        searchText.addListener((obs, old, now) -> applySearch());
        searchRegex.addListener((obs, old, now) -> applySearch());
    }

    private void scopeChanged() {
        wanted = scope();
        refresher.request();
    }

    /** Narrows the graph to samples whose interval ended inside {@code w}; {@link TimeWindow#ALL} by default. */
    @Override
    public void showWindow(TimeWindow w) {
        window.set(Objects.requireNonNull(w, "window"));
        scopeChanged();
    }

    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    FlameScope scope() {
        return new FlameScope(value(node), value(container), value(process), window.get());
    }

    private static <T> T value(ObjectProperty<ScopeChoice<T>> choice) {
        return choice.get() == null ? null : choice.get().value();
    }

    /** Every stack message ever added to the store, summed over nodes: changes only when stacks do. */
    private long stacksVersion() {
        long version = 0;
        for (String name : store.nodeNames()) {
            NodeCapture capture = store.node(name).orElseThrow();
            version += capture.size(PayloadKind.STACKS) + capture.evicted(PayloadKind.STACKS);
        }
        return version;
    }

    /** What one build read and produced; made where builds run, applied on the UI thread. */
    private record Built(List<String> nodes, TreeSet<String> containers, Collection<ProcessKey> processes,
                         int processesInScope, FlameTree tree) {
    }

    /** From the store's stack samples: off the UI thread in the app. Null when neither stacks nor scope changed. */
    private Built build() {
        FlameScope scope = wanted;
        long version = stacksVersion();
        if (version == builtStacksVersion && scope.equals(builtScope)) {
            return null;
        }
        FlameTreeBuilder builder = new FlameTreeBuilder(scope);
        TreeSet<String> containers = new TreeSet<>();
        TreeMap<String, ProcessKey> processes = new TreeMap<>();
        List<String> nodes = store.nodeNames();
        for (String node : nodes) {
            for (SensorEvent event : stacksIn(store.node(node).orElseThrow(), scope.window())) {
                StackSamples samples = event.getStacks();
                containers.add(samples.getContainerId());
                ProcessKey key = new ProcessKey(samples.getPid(), samples.getComm());
                processes.put(key.label(), key);
                builder.add(node, event.getTimestampNs(), samples);
            }
        }
        Built built = new Built(nodes, containers, processes.values(), builder.processes(), builder.build());
        builtStacksVersion = version;
        builtScope = scope;
        return built;
    }

    private void apply(Built built) {
        updateChoices(built.nodes(), built.containers(), built.processes());
        tree.set(built.tree());
        summary.set(built.tree().totalSamples() == 0 ? "No CPU samples in this scope."
                : String.format(Locale.ROOT, "%,d samples · %,d frames · %,d %s",
                built.tree().totalSamples(), built.tree().size() - 1, built.processesInScope(),
                built.processesInScope() == 1 ? "process" : "processes"));
        focus.set(built.tree().find(zoomPath));
        zoomPath.setAll(built.tree().pathOf(focus.get()));
        applySearch();
    }

    private void buildFailed(RuntimeException e) {
        summary.set("Could not build the flame graph (" + e + "). Narrow the scope or time window and try again;"
                + " please report this with the capture.");
    }

    /**
     * The store compares timestamps unsigned and excludes the window's end, while
     * {@link TimeWindow} is signed and inclusive with {@code ALL} = [MIN, MAX]: translate.
     */
    private static List<SensorEvent> stacksIn(NodeCapture capture, TimeWindow w) {
        return capture.events(PayloadKind.STACKS, w);
    }

    private void updateChoices(List<String> nodes, TreeSet<String> containers, Collection<ProcessKey> processes) {
        List<ScopeChoice<String>> nextNodes = new ArrayList<>(List.of(ALL_NODES));
        nodes.forEach(n -> nextNodes.add(new ScopeChoice<>(n, n)));
        List<ScopeChoice<String>> nextContainers = new ArrayList<>(List.of(ALL_CONTAINERS));
        containers.forEach(c -> nextContainers.add(new ScopeChoice<>(
                pods.podOf(c).map(pod -> "pod " + pod).orElse(containerLabel(c)), c)));
        List<ScopeChoice<ProcessKey>> nextProcesses = new ArrayList<>(List.of(ALL_PROCESSES));
        processes.forEach(p -> nextProcesses.add(new ScopeChoice<>(p.label(), p)));
        replaceKeepingSelection(nodeChoices, nextNodes, node);
        replaceKeepingSelection(containerChoices, nextContainers, container);
        replaceKeepingSelection(processChoices, nextProcesses, process);
    }

    /** Names the pods of container ids (from the cluster snapshot) in the scope choice. UI thread. */
    public void usePods(PodOfContainer pods) {
        this.pods = java.util.Objects.requireNonNull(pods, "pods");
        refresher.request();
    }

    static String containerLabel(String containerId) {
        return containerId.isEmpty() ? "host (no container)"
                : "container " + containerId.substring(0, Math.min(12, containerId.length()));
    }

    /** The chosen entry stays, even when it has no samples in this window, so a choice is never silently undone. */
    private static <T> void replaceKeepingSelection(ObservableList<ScopeChoice<T>> list, List<ScopeChoice<T>> next,
                                                    ObjectProperty<ScopeChoice<T>> selected) {
        ScopeChoice<T> chosen = selected.get();
        if (chosen != null && !next.contains(chosen)) {
            next.add(chosen);
        }
        if (!list.equals(next)) {
            list.setAll(next);
        }
    }

    private void applySearch() {
        String text = searchText.get() == null ? "" : searchText.get().strip();
        if (text.isEmpty()) {
            searchProblem.set("");
            setMatch(FlameMatch.NONE, "");
            return;
        }
        FlameSearch search;
        try {
            search = searchRegex.get() ? FlameSearch.regex(text) : FlameSearch.substring(text);
        } catch (IllegalArgumentException e) {
            searchProblem.set(e.getMessage());
            setMatch(FlameMatch.NONE, "");
            return;
        }
        searchProblem.set("");
        FlameMatch found = search.apply(tree.get());
        setMatch(found, String.format(Locale.ROOT, "matched %.1f%% of samples", found.share() * 100));
    }

    private void setMatch(FlameMatch found, String text) {
        match.set(found);
        matchedShare.set(found.share());
        matchedText.set(text);
    }

    /** Zooms into a frame: it fills the width, its ancestors stay below it as context. */
    public void zoomTo(int treeNode) {
        FlameTree t = tree.get();
        if (treeNode < 0 || treeNode >= t.size()) {
            return;
        }
        focus.set(treeNode);
        zoomPath.setAll(t.pathOf(treeNode));
    }

    /** Zooms back out to the first {@code frames} entries of the zoom path (0 = the whole graph). */
    public void zoomToDepth(int frames) {
        if (frames < 0 || frames > zoomPath.size()) {
            return;
        }
        List<String> path = List.copyOf(zoomPath.subList(0, frames));
        focus.set(tree.get().find(path));
        zoomPath.setAll(tree.get().pathOf(focus.get()));
    }

    public void resetZoom() {
        zoomToDepth(0);
    }

    /** Tooltip text: name, kind, self and total samples with their share of the scope. */
    public String describe(int treeNode) {
        FlameTree t = tree.get();
        if (treeNode < 0 || treeNode >= t.size()) {
            return "";
        }
        long all = Math.max(1, t.totalSamples());
        return String.format(Locale.ROOT, "%s%n%s%nself  %,d samples (%.2f%%)%ntotal %,d samples (%.2f%%)",
                t.name(treeNode), treeNode == FlameTree.ROOT ? "every sample in scope" : FrameCategory.label(t.kind(treeNode)) + " frame",
                t.self(treeNode), 100.0 * t.self(treeNode) / all, t.total(treeNode), 100.0 * t.total(treeNode) / all);
    }

    /** Tooltip text for a "…" block: how many samples its hidden frames hold. */
    public String describeElided(int parentNode, double widthShare) {
        return String.format(Locale.ROOT, "… frames too narrow to draw under %s%n%.2f%% of the view · click to zoom in",
                tree.get().name(parentNode), widthShare * 100);
    }

    public ObservableList<ScopeChoice<String>> nodeChoices() {
        return nodeChoices;
    }

    public ObservableList<ScopeChoice<String>> containerChoices() {
        return containerChoices;
    }

    public ObservableList<ScopeChoice<ProcessKey>> processChoices() {
        return processChoices;
    }

    public ObjectProperty<ScopeChoice<String>> nodeProperty() {
        return node;
    }

    public ObjectProperty<ScopeChoice<String>> containerProperty() {
        return container;
    }

    public ObjectProperty<ScopeChoice<ProcessKey>> processProperty() {
        return process;
    }

    public ReadOnlyObjectProperty<TimeWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FlameTree> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    /** The zoomed node of the current tree ({@link FlameTree#ROOT} when not zoomed). */
    public ReadOnlyIntegerProperty focusProperty() {
        return focus.getReadOnlyProperty();
    }

    /** Frame names from the outermost frame to the zoomed one; empty when not zoomed. */
    public ObservableList<String> zoomPath() {
        return zoomPathView;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public BooleanProperty searchRegexProperty() {
        return searchRegex;
    }

    public ReadOnlyObjectProperty<FlameMatch> matchProperty() {
        return match.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty matchedShareProperty() {
        return matchedShare.getReadOnlyProperty();
    }

    /** E.g. "matched 12.3% of samples"; empty without a search. */
    public ReadOnlyStringProperty matchedTextProperty() {
        return matchedText.getReadOnlyProperty();
    }

    /** Why the search text cannot be used, or empty. */
    public ReadOnlyStringProperty searchProblemProperty() {
        return searchProblem.getReadOnlyProperty();
    }

    public ObjectProperty<FlameLayoutMode> layoutModeProperty() {
        return layoutMode;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
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
