package dev.nightjar.desktop.ui.syscalls;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.SyscallTimeline;
import dev.nightjar.desktop.syscalls.TimelineLimits;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.ui.format.Units;
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
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Syscalls page: a timeline of slow spans per process, figures per syscall and the slowest
 * spans, for the time window the user (or the replay slider) chose. Refreshes at most once a
 * frame from a store snapshot; pausing freezes it while capture goes on.
 */
public final class SyscallsViewModel implements PageModel {

    private final CaptureStore store;
    private final TimelineLimits limits;
    private final StoreRefresher<SyscallTimeline> refresher;
    private final ReadOnlyObjectWrapper<SyscallTimeline> timeline = new ReadOnlyObjectWrapper<>(SyscallTimeline.EMPTY);
    private final ObservableList<SyscallStats> stats = FXCollections.observableArrayList();
    private final ObservableList<TimelineSpan> slowest = FXCollections.observableArrayList();
    private final ObjectProperty<TimelineSpan> focused = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile PodOfContainer pods = PodOfContainer.UNKNOWN;

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

    /** From a snapshot of the store: off the UI thread in the app. */
    private SyscallTimeline build() {
        TimeWindow window = this.window;
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
        return SyscallTimeline.build(spans, histograms, processes, window, pods, limits);
    }

    private void apply(SyscallTimeline next) {
        timeline.set(next);
        stats.setAll(next.stats());
        slowest.setAll(next.slowest());
        summary.set(describe(next));
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

    private static String describe(SyscallTimeline t) {
        if (t.spanCount() == 0 && t.stats().isEmpty()) {
            return "No syscalls recorded in this window.";
        }
        String spans = String.format(Locale.ROOT, "%,d slow spans in %,d processes", t.spanCount(),
                t.lanes().size());
        String range = t.spanCount() == 0 ? "" : " · " + Units.clock(t.startNs()) + " → " + Units.clock(t.endNs());
        String dropped = t.droppedSpans() == 0 ? ""
                : String.format(Locale.ROOT, " · %,d not drawn (over the view's caps)", t.droppedSpans());
        return spans + range + dropped;
    }

    /** Centres the timeline on a span, e.g. one picked in the slowest-spans table. */
    public void focus(TimelineSpan span) {
        focused.set(span);
    }

    public ObjectProperty<TimelineSpan> focusedProperty() {
        return focused;
    }

    public ReadOnlyObjectProperty<SyscallTimeline> timelineProperty() {
        return timeline.getReadOnlyProperty();
    }

    public ObservableList<SyscallStats> stats() {
        return stats;
    }

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
