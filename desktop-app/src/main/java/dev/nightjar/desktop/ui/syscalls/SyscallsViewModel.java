package dev.nightjar.desktop.ui.syscalls;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.syscalls.SyscallFilter;
import dev.nightjar.desktop.syscalls.SyscallRow;
import dev.nightjar.desktop.syscalls.PodProcesses;
import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.SyscallTimeline;
import dev.nightjar.desktop.syscalls.TimelineLimits;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.util.KeyedRows;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * The Syscalls page: a timeline of slow spans per process, figures per syscall and the slowest
 * spans, for the time window the user (or the replay slider) chose. A text filter narrows all
 * three (one that cannot be read says why, and the last valid one stays in force); picking a
 * syscall in the table narrows the timeline and the slowest spans to it; picking a span
 * selects it everywhere. Built off the UI thread; the tables reach it as small diffs.
 */
public final class SyscallsViewModel implements PageModel {

    /** Heaviest first: where the time went. */
    static final Comparator<SyscallStats> BY_TOTAL_TIME = Comparator.comparingLong(SyscallStats::totalNs).reversed()
            .thenComparing(SyscallStats::syscall);
    static final Comparator<TimelineSpan> SLOWEST_FIRST = Comparator.comparingLong(TimelineSpan::durationNs).reversed()
            .thenComparingLong(TimelineSpan::startNs).thenComparingInt(TimelineSpan::pid);

    private final CaptureStore store;
    private final TimelineLimits limits;
    private final StoreRefresher<Built> refresher;
    private final ReadOnlyObjectWrapper<SyscallTimeline> timeline = new ReadOnlyObjectWrapper<>(SyscallTimeline.EMPTY);
    private final KeyedRows<SyscallStats> keyedStats = new KeyedRows<>(SyscallStats::syscall);
    private final ObservableList<SyscallStats> stats = new SortedList<>(keyedStats.rows(), BY_TOTAL_TIME);
    private final KeyedRows<TimelineSpan> keyedSlowest = new KeyedRows<>(span -> span);
    private final ObservableList<TimelineSpan> slowest = new SortedList<>(keyedSlowest.rows(), SLOWEST_FIRST);
    private final ObjectProperty<TimelineSpan> focused = new SimpleObjectProperty<>();
    private final ObjectProperty<String> chosenSyscall = new SimpleObjectProperty<>();
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyHint = new ReadOnlyStringWrapper(NO_SPANS_HINT);
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile PodOfContainer pods = PodOfContainer.UNKNOWN;
    private volatile TextFilter<SyscallRow> filter = SyscallFilter.everything();
    private volatile String syscallOnly;
    // The build's memory of what it read last.
    private Object builtFrom;

    /** Pod names of a live cluster fill in over time: rebuild at least this often when asked. */
    private static final long NAMES_REFRESH_NS = 3_000_000_000L;
    static final String NO_SPANS_HINT = "No slow syscalls in this window.";

    private record Built(SyscallTimeline timeline, KeyedRows.Patch<SyscallStats> stats,
                         KeyedRows.Patch<TimelineSpan> slowest) {
    }
    private final StringProperty pod = new SimpleStringProperty("");
    private volatile String podShown = "";

    public SyscallsViewModel(CaptureStore store, Executor uiThread) {
        this(store, ViewExecutors.uiOnly(uiThread), TimelineLimits.DEFAULT);
    }

    public SyscallsViewModel(CaptureStore store, Executor uiThread, TimelineLimits limits) {
        this(store, ViewExecutors.uiOnly(uiThread), limits);
    }

    public SyscallsViewModel(CaptureStore store, ViewExecutors executors, TimelineLimits limits) {
        this.store = store;
        this.limits = limits;
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
        filterText.addListener((obs, old, text) -> applyFilter(text));
        chosenSyscall.addListener((obs, old, now) -> {
            syscallOnly = now;
            refresher.request();
        });
        pod.addListener((obs, old, now) -> {
            podShown = now == null ? "" : now;
            refresher.request();
        });
    }

    private void applyFilter(String text) {
        try {
            filter = SyscallFilter.parse(text);
            filterError.set("");
        } catch (TextFilterException e) {
            // The last valid filter stays in force while the user is mid-edit.
            filterError.set(e.describe());
            return;
        }
        refresher.request();
    }

    /**
     * Only one pod's processes ("namespace/pod"), e.g. from a flow's "show this pod's
     * syscalls"; "" for every process. UI thread.
     */
    public StringProperty podProperty() {
        return pod;
    }

    /** Narrows what the page shows to a span of capture time; {@link TimeWindow#ALL} shows everything held. */
    @Override
    public void showWindow(TimeWindow window) {
        this.window = Objects.requireNonNull(window, "window");
        refresher.request();
    }

    public TimeWindow window() {
        return window;
    }

    /** Names pods for container ids, e.g. from the cluster snapshot; processes regroup on the next refresh. */
    public void usePods(PodOfContainer pods) {
        this.pods = Objects.requireNonNull(pods, "pods");
        refresher.request();
    }

    /**
     * The page says whether it is on screen. While hidden, refreshes are skipped (building the
     * timeline is the costliest refresh of the workbench) and capture goes on; shown again, it
     * catches up at once. Without a view it counts as shown.
     */
    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    /** From a snapshot of the store: off the UI thread in the app. Null when nothing it reads changed. */
    private Built build() {
        TimeWindow window = this.window;
        TextFilter<SyscallRow> rows = filter;
        String only = syscallOnly;
        String onlyPod = podShown;
        PodOfContainer names = pods;
        List<Object> from = List.of(store.version(PayloadKind.SYSCALL_SPAN, PayloadKind.SYSCALL_HISTOGRAM,
                PayloadKind.PROCESS), window, rows, Objects.toString(only), onlyPod, names,
                System.nanoTime() / NAMES_REFRESH_NS);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        List<SensorEvent> spans = new ArrayList<>();
        List<SensorEvent> histograms = new ArrayList<>();
        List<SensorEvent> processes = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> {
                spans.addAll(inWindow(n, PayloadKind.SYSCALL_SPAN, window));
                histograms.addAll(inWindow(n, PayloadKind.SYSCALL_HISTOGRAM, window));
                // Process records arrive when a process is first seen, usually before the window.
                processes.addAll(n.events(PayloadKind.PROCESS));
            });
        }
        // A flow's "show this pod's syscalls": only that pod's processes.
        PodProcesses members = onlyPod.isEmpty() ? null : PodProcesses.of(onlyPod, processes, names);
        SyscallTimeline t = SyscallTimeline.build(members == null ? spans : members.only(spans),
                members == null ? histograms : members.only(histograms), processes, window, names, limits,
                new SyscallTimeline.Narrowing(rows::test, only));
        return new Built(t, keyedStats.diff(t.stats()), keyedSlowest.diff(t.slowest()));
    }

    private void apply(Built built) {
        keyedStats.apply(built.stats());
        keyedSlowest.apply(built.slowest());
        timeline.set(built.timeline());
        summary.set(describe(built.timeline(), chosenSyscall.get()));
    }

    /**
     * The store indexes events by their timestamp, which for a span is its end and for a
     * histogram its interval's end: everything ending at or after the window's start may
     * overlap it, and the timeline cuts precisely.
     */
    private static List<SensorEvent> inWindow(NodeCapture node, PayloadKind kind, TimeWindow window) {
        if (window.isAll() || window.fromNs() <= 0) {
            return node.events(kind);
        }
        return node.events(kind, window.fromNs(), Long.MAX_VALUE);
    }

    private static String describe(SyscallTimeline t, String only) {
        if (t.spanCount() == 0 && t.stats().isEmpty()) {
            return "No syscalls recorded in this window.";
        }
        String spans = String.format(Locale.ROOT, "%,d slow %sspans in %,d processes", t.spanCount(),
                only == null ? "" : only + " ", t.lanes().size());
        String range = t.spanCount() == 0 ? "" : " · " + Units.clock(t.startNs()) + " → " + Units.clock(t.endNs());
        String dropped = t.droppedSpans() == 0 ? ""
                : String.format(Locale.ROOT, " · %,d not drawn (over the view's caps)", t.droppedSpans());
        return spans + range + dropped;
    }

    /** Centres the timeline on a span and selects it, e.g. one picked in the slowest-spans table or clicked. */
    public void focus(TimelineSpan span) {
        focused.set(span);
    }

    public ObjectProperty<TimelineSpan> focusedProperty() {
        return focused;
    }

    /** The syscall the timeline and the slowest list are narrowed to (a row picked in the table); null for all. */
    public ObjectProperty<String> chosenSyscallProperty() {
        return chosenSyscall;
    }

    /** E.g. {@code comm=nginx !errno=EAGAIN}; see {@link SyscallFilter}. */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Empty when the filter reads; otherwise what is wrong and where. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    /** What the timeline says when it has no span: for a live session, what to do to get some. */
    public ReadOnlyStringProperty emptyHintProperty() {
        return emptyHint.getReadOnlyProperty();
    }

    /** Sets what an empty timeline says (the workbench knows whether and what the sensor traces). UI thread. */
    public void setEmptyHint(String hint) {
        emptyHint.set(hint == null || hint.isBlank() ? NO_SPANS_HINT : hint);
    }

    public ReadOnlyObjectProperty<SyscallTimeline> timelineProperty() {
        return timeline.getReadOnlyProperty();
    }

    /** Per syscall, heaviest first (the table sorts on top of this). */
    public ObservableList<SyscallStats> stats() {
        return stats;
    }

    /** The slowest spans, slowest first. */
    public ObservableList<TimelineSpan> slowest() {
        return slowest;
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
