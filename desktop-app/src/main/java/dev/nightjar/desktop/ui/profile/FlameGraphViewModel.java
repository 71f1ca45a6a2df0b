package dev.nightjar.desktop.ui.profile;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.profile.FlameMatch;
import dev.nightjar.desktop.profile.FlameScope;
import dev.nightjar.desktop.profile.FlameSearch;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.profile.FlameTreeBuilder;
import dev.nightjar.desktop.profile.FrameCategory;
import dev.nightjar.desktop.profile.ProcessKey;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.page.TraceActions;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.Locale;
import java.util.Map;
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
 * The tree is rebuilt only when stack samples, the scope or the grouping change, never for
 * the flows and drops that make up most of a live stream. Like every page it refreshes
 * through a {@link StoreRefresher}: built off the UI thread, applied on it, and not at
 * all while the page is hidden or paused.
 *
 * <p>At node scale (hundreds of processes): each process gets a root frame of its own
 * ("By process", on by default); a build takes the newest intervals first and stops at a
 * time and size budget, saying how much it left out; the search runs where the build runs,
 * never on the UI thread; and the scope lists reach the UI thread only when they changed.
 */
public final class FlameGraphViewModel implements PageModel {

    static final ScopeChoice<String> ALL_NODES = ScopeChoice.any("All nodes");
    static final ScopeChoice<String> ALL_CONTAINERS = ScopeChoice.any("All containers and host");
    static final ScopeChoice<ProcessKey> ALL_PROCESSES = ScopeChoice.any("All processes");
    /** A build stops adding older intervals after this long (the newest are in), and says so. */
    static final long BUILD_BUDGET_NS = 400_000_000L;
    /** Nor past this many distinct call paths: about 40 MiB of tree. */
    static final int MAX_TREE_NODES = 500_000;
    /** Pod names of a live cluster fill in over time: regroup at least this often when asked. */
    private static final long NAMES_REFRESH_NS = 3_000_000_000L;

    private final CaptureStore store;
    private final LongSupplier clock;
    private final StoreRefresher<Built> refresher;
    private volatile PodOfContainer pods = PodOfContainer.UNKNOWN;

    private final ObservableList<ScopeChoice<String>> nodeChoices = FXCollections.observableArrayList(ALL_NODES);
    private final ObservableList<ScopeChoice<String>> containerChoices = FXCollections.observableArrayList(ALL_CONTAINERS);
    private final ObservableList<ScopeChoice<ProcessKey>> processChoices = FXCollections.observableArrayList(ALL_PROCESSES);
    private final ObjectProperty<ScopeChoice<String>> node = new SimpleObjectProperty<>(ALL_NODES);
    private final ObjectProperty<ScopeChoice<String>> container = new SimpleObjectProperty<>(ALL_CONTAINERS);
    private final ObjectProperty<ScopeChoice<ProcessKey>> process = new SimpleObjectProperty<>(ALL_PROCESSES);
    private final BooleanProperty byProcess = new SimpleBooleanProperty(true);
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
    private volatile boolean wantedByProcess = true;
    private volatile FlameSearch wantedSearch;
    // The build's own memory of what it built last; only touched where builds run, one at a time.
    private List<Object> builtFrom;
    private FlameTree builtTree;
    private String builtSummary;
    private Choices builtChoices;
    private Map<String, Traceable> builtProcessFrames = Map.of();
    // What each process frame of the tree on screen names; UI thread.
    private Map<String, Traceable> processFrames = Map.of();
    private TraceActions traceActions = TraceActions.NONE;
    private FlameSearch builtSearch;

    /**
     * @param uiThread {@code Platform::runLater} in the app; a queue or direct executor in tests
     * @param builder  where trees are built (a 100,000-frame tree takes a noticeable fraction of a second)
     */
    public FlameGraphViewModel(CaptureStore store, Executor uiThread, Executor builder) {
        this(store, new ViewExecutors(builder, uiThread));
    }

    /** @param executors in the app, {@link ViewExecutors#withRefreshThread}: trees are built off the UI thread */
    public FlameGraphViewModel(CaptureStore store, ViewExecutors executors) {
        this(store, executors, System::nanoTime);
    }

    /** @param clock for the periodic regrouping by pod name; tests pass a still one */
    FlameGraphViewModel(CaptureStore store, ViewExecutors executors, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        this.wanted = scope();
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply, this::buildFailed);
        node.addListener((obs, old, now) -> scopeChanged());
        container.addListener((obs, old, now) -> scopeChanged());
        process.addListener((obs, old, now) -> scopeChanged());
        byProcess.addListener((obs, old, now) -> {
            wantedByProcess = now;
            refresher.request();
        });
        searchText.addListener((obs, old, now) -> searchChanged());
        searchRegex.addListener((obs, old, now) -> searchChanged());
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
        return store.version(PayloadKind.STACKS);
    }

    /** What the scope lists offer: made where builds run, handed over only when it changed. */
    private record Choices(List<ScopeChoice<String>> nodes, List<ScopeChoice<String>> containers,
                           List<ScopeChoice<ProcessKey>> processes) {
    }

    /**
     * What one build produced: the scope lists (null when unchanged), the tree and what the
     * search matched in it (each the same object as before when that did not change).
     */
    private record Built(Choices choices, FlameTree tree, String summary, FlameMatch match, boolean searched,
                         Map<String, Traceable> processFrames) {
    }

    /** From the store's stack samples: off the UI thread in the app. Null when nothing it reads changed. */
    private Built build() {
        FlameScope scope = wanted;
        boolean grouped = wantedByProcess;
        PodOfContainer names = pods;
        FlameSearch search = wantedSearch;
        List<Object> from = List.of(stacksVersion(), scope, grouped, names, clock.getAsLong() / NAMES_REFRESH_NS);
        boolean treeStale = !from.equals(builtFrom);
        if (!treeStale && search == builtSearch) {
            return null;
        }
        Choices choices = null;
        if (treeStale) {
            choices = buildTree(scope, grouped, names);
            builtFrom = from;
        }
        FlameMatch found = search == null ? FlameMatch.NONE : search.apply(builtTree);
        builtSearch = search;
        return new Built(choices, builtTree, builtSummary, found, search != null, builtProcessFrames);
    }

    /** Builds the tree (newest intervals first, within the budget); returns the scope lists if they changed. */
    private Choices buildTree(FlameScope scope, boolean grouped, PodOfContainer names) {
        FlameTreeBuilder builder = new FlameTreeBuilder(scope, grouped ? samples -> rootFrame(samples, names) : null);
        TreeSet<String> containers = new TreeSet<>();
        TreeMap<String, ProcessKey> processes = new TreeMap<>();
        Map<String, Traceable> frames = new HashMap<>();
        List<String> nodes = store.nodeNames();
        List<Sample> all = new ArrayList<>();
        for (String n : nodes) {
            for (SensorEvent event : store.node(n).orElseThrow().events(PayloadKind.STACKS, scope.window())) {
                all.add(new Sample(n, event));
            }
        }
        // Newest first: when the budget runs out, what is left out is the oldest.
        all.sort(Comparator.comparingLong((Sample s) -> s.event().getTimestampNs()).reversed());
        long deadline = System.nanoTime() + BUILD_BUDGET_NS;
        int used = 0;
        for (Sample sample : all) {
            StackSamples samples = sample.event().getStacks();
            containers.add(samples.getContainerId());
            ProcessKey key = new ProcessKey(samples.getPid(), samples.getComm());
            processes.put(key.label(), key);
            if (used >= 0) {
                if (grouped) {
                    // "systemd (1)" on every node is one frame: it offers each node's process.
                    String frame = rootFrame(samples, names);
                    Traceable known = frames.get(frame);
                    if (known == null || (known.processes().size() < Traceable.MAX_EACH
                            && known.processes().stream().noneMatch(p -> p.node().equals(sample.node())))) {
                        frames.merge(frame, traceable(sample.node(), samples, names), Traceable::and);
                    }
                }
                builder.add(sample.node(), sample.event().getTimestampNs(), samples);
                used++;
                if ((used & 31) == 0 && (System.nanoTime() > deadline || builder.size() > MAX_TREE_NODES)) {
                    used = -used; // stop adding; keep listing what could be chosen
                }
            }
        }
        int built = Math.abs(used);
        FlameTree t = builder.build();
        builtTree = t;
        builtProcessFrames = Map.copyOf(frames);
        builtSummary = summarize(t, builder.processes(), built, all.size());
        Choices next = choices(nodes, containers, processes.values(), names);
        if (next.equals(builtChoices)) {
            return null;
        }
        builtChoices = next;
        return next;
    }

    private record Sample(String node, SensorEvent event) {
    }

    /** A process frame's process on the node it was sampled on, and its pod when the cluster names one. */
    private static Traceable traceable(String node, StackSamples samples, PodOfContainer names) {
        List<String> pod = samples.getContainerId().isEmpty() ? List.of()
                : names.podOf(samples.getContainerId()).map(List::of).orElse(List.of());
        return new Traceable(List.of(TaskChoice.process(node, samples.getPid(), samples.getComm())), pod);
    }

    /** The process frame: "comm (pid)", after its pod's name when the cluster knows it. */
    static String rootFrame(StackSamples samples, PodOfContainer names) {
        String process = samples.getComm() + " (" + samples.getPid() + ")";
        if (samples.getContainerId().isEmpty()) {
            return process;
        }
        return names.podOf(samples.getContainerId()).map(pod -> pod + " · " + process)
                .orElseGet(() -> containerLabel(samples.getContainerId()) + " · " + process);
    }

    private static String summarize(FlameTree t, int processesInScope, int intervalsUsed, int intervals) {
        if (t.totalSamples() == 0) {
            return "No CPU samples in this scope.";
        }
        String text = String.format(Locale.ROOT, "%,d samples · %,d frames · %,d %s",
                t.totalSamples(), t.codeFrames(), processesInScope, processesInScope == 1 ? "process" : "processes");
        if (intervalsUsed < intervals) {
            text += String.format(Locale.ROOT, " · the newest %,d of %,d intervals (narrow the scope or window for"
                    + " the rest)", intervalsUsed, intervals);
        }
        return text;
    }

    private Choices choices(List<String> nodes, TreeSet<String> containers, java.util.Collection<ProcessKey> processes,
                            PodOfContainer names) {
        List<ScopeChoice<String>> nextNodes = new ArrayList<>(List.of(ALL_NODES));
        nodes.forEach(n -> nextNodes.add(new ScopeChoice<>(n, n)));
        List<ScopeChoice<String>> nextContainers = new ArrayList<>(List.of(ALL_CONTAINERS));
        containers.forEach(c -> nextContainers.add(new ScopeChoice<>(
                names.podOf(c).map(pod -> "pod " + pod).orElse(containerLabel(c)), c)));
        List<ScopeChoice<ProcessKey>> nextProcesses = new ArrayList<>(List.of(ALL_PROCESSES));
        processes.forEach(p -> nextProcesses.add(new ScopeChoice<>(p.label(), p)));
        return new Choices(List.copyOf(nextNodes), List.copyOf(nextContainers), List.copyOf(nextProcesses));
    }

    private void apply(Built built) {
        if (built.choices() != null) {
            replaceKeepingSelection(nodeChoices, built.choices().nodes(), node);
            replaceKeepingSelection(containerChoices, built.choices().containers(), container);
            replaceKeepingSelection(processChoices, built.choices().processes(), process);
        }
        if (tree.get() != built.tree()) {
            processFrames = built.processFrames();
            tree.set(built.tree());
            summary.set(built.summary());
            focus.set(built.tree().find(zoomPath));
            List<String> path = built.tree().pathOf(focus.get());
            if (!path.equals(zoomPath)) {
                zoomPath.setAll(path);
            }
        }
        // A result for a search the user has since cleared or broken is not shown.
        if (built.searched() && wantedSearch != null) {
            setMatch(built.match(), String.format(Locale.ROOT, "matched %.1f%% of samples", built.match().share() * 100));
        } else if (!built.searched()) {
            setMatch(FlameMatch.NONE, "");
        }
    }

    private void buildFailed(RuntimeException e) {
        summary.set("Could not build the flame graph (" + e + "). Narrow the scope or time window and try again;"
                + " please report this with the capture.");
    }

    /** Names the pods of container ids (from the cluster snapshot) in the scope choice and the process frames. UI thread. */
    public void usePods(PodOfContainer pods) {
        this.pods = Objects.requireNonNull(pods, "pods");
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
        List<ScopeChoice<T>> items = next;
        if (chosen != null && !next.contains(chosen)) {
            items = new ArrayList<>(next);
            items.add(chosen);
        }
        list.setAll(items);
    }

    /**
     * The search changed (UI thread): a bad regular expression is explained at once and shows no
     * match; a good one is run where builds run, against the tree on screen.
     */
    private void searchChanged() {
        String text = searchText.get() == null ? "" : searchText.get().strip();
        if (text.isEmpty()) {
            searchProblem.set("");
            wantedSearch = null;
            setMatch(FlameMatch.NONE, "");
            refresher.request();
            return;
        }
        try {
            wantedSearch = searchRegex.get() ? FlameSearch.regex(text) : FlameSearch.substring(text);
        } catch (IllegalArgumentException e) {
            searchProblem.set(e.getMessage());
            wantedSearch = null;
            setMatch(FlameMatch.NONE, "");
            return;
        }
        searchProblem.set("");
        refresher.request();
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

    /** What a right-click on a frame's "Trace syscalls of …" and "Profile only …" do; the workbench sets it. UI thread. */
    public void offerTracing(TraceActions actions) {
        this.traceActions = Objects.requireNonNull(actions, "actions");
    }

    public TraceActions traceActions() {
        return traceActions;
    }

    /**
     * What a frame's trace menu offers: the process (and its pod) whose root frame it is or lies
     * under. None for the "all" frame, a frame of merged processes ("By process" off) or no frame.
     */
    public Traceable traceable(int treeNode) {
        FlameTree t = tree.get();
        if (treeNode < 0 || treeNode >= t.size()) {
            return Traceable.NONE;
        }
        int node = treeNode;
        while (node != FlameTree.ROOT && !t.isProcessFrame(node)) {
            node = t.parent(node);
        }
        return node == FlameTree.ROOT ? Traceable.NONE : processFrames.getOrDefault(t.name(node), Traceable.NONE);
    }

    /** Tooltip text: name, kind, self and total samples with their share of the scope. */
    public String describe(int treeNode) {
        FlameTree t = tree.get();
        if (treeNode < 0 || treeNode >= t.size()) {
            return "";
        }
        long all = Math.max(1, t.totalSamples());
        String kind = treeNode == FlameTree.ROOT ? "every sample in scope"
                : t.isProcessFrame(treeNode) ? "process (click to zoom in; right-click to trace it)"
                : FrameCategory.label(t.kind(treeNode)) + " frame";
        return String.format(Locale.ROOT, "%s%n%s%nself  %,d samples (%.2f%%)%ntotal %,d samples (%.2f%%)",
                t.name(treeNode), kind,
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

    /** One root frame per process (on by default); off merges every process's stacks by frame name. */
    public BooleanProperty byProcessProperty() {
        return byProcess;
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
