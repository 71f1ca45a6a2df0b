package dev.nightjar.desktop.ui.overview;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.overview.NodeOverviews;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.page.TraceActions;
import dev.nightjar.desktop.ui.util.KeyedRows;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * Per-node health cards, refreshed from the store off the UI thread; only the cards whose
 * figures changed are redrawn. A card's "see Drops" and top talkers lead to those pages.
 */
public final class OverviewViewModel implements PageModel {

    private final CaptureStore store;
    private final KeyedRows<NodeOverview> keyed = new KeyedRows<>(NodeOverview::node);
    private final ObservableList<NodeOverview> nodes =
            new SortedList<>(keyed.rows(), Comparator.comparing(NodeOverview::node));
    private final ReadOnlyLongWrapper totalLost = new ReadOnlyLongWrapper();
    private final ReadOnlyBooleanWrapper stopped = new ReadOnlyBooleanWrapper(false);
    private final StoreRefresher<Built> refresher;
    // Written on the UI thread, read where the build runs.
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile SessionTraffic own = SessionTraffic.NONE;
    private Consumer<String> showDropsOf = node -> { };
    private Consumer<String> showFlowsMatching = filter -> { };
    private TraceActions traceActions = TraceActions.NONE;
    // The build's memory of what it read last.
    private Object builtFrom;

    private record Built(KeyedRows.Patch<NodeOverview> nodes, long totalLost) {
    }

    public OverviewViewModel(CaptureStore store, Executor uiThread) {
        this(store, EndpointNamer.ADDRESSES_ONLY, ViewExecutors.uiOnly(uiThread));
    }

    /** @param namer names the top talkers' endpoints */
    public OverviewViewModel(CaptureStore store, EndpointNamer namer, ViewExecutors executors) {
        this.store = store;
        this.refresher = new StoreRefresher<>(store, executors, () -> build(namer), this::apply);
    }

    private Built build(EndpointNamer namer) {
        TimeWindow w = window;
        SessionTraffic hidden = own;
        // Heartbeats and loss reports count too: every store change, at most every couple of seconds.
        List<Object> from = List.of(store.version(), w, hidden);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        return new Built(keyed.diff(NodeOverviews.of(store, w, namer, hidden)), store.totalLost());
    }

    private void apply(Built built) {
        keyed.apply(built.nodes());
        totalLost.set(built.totalLost());
    }

    /** Whether the page is on screen: a hidden page does no work. */
    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
    }

    /** Counts only the records inside {@code window}; {@link TimeWindow#ALL} for all. UI thread. */
    @Override
    public void showWindow(TimeWindow window) {
        this.window = Objects.requireNonNull(window, "window");
        refresher.request();
    }

    /** Leaves this session's own sensor stream out of the top talkers. UI thread. */
    public void hideSessionTraffic(SessionTraffic traffic) {
        this.own = Objects.requireNonNull(traffic, "traffic");
        refresher.request();
    }

    /** Whether the top talkers leave out the session's own stream (the cards say so). */
    public boolean hidesSessionTraffic() {
        return own.hidesSomething();
    }

    /** The live session was stopped: features no longer run (cards say "stopped"). UI thread. */
    public void sessionStopped() {
        stopped.set(true);
        refresher.request();
    }

    public ReadOnlyBooleanProperty stoppedProperty() {
        return stopped.getReadOnlyProperty();
    }

    /**
     * Where a card's links lead: the Drops page (for a node) and the Flows page (with a
     * filter). The workbench sets them. UI thread.
     */
    public void setLinks(Consumer<String> showDropsOfNode, Consumer<String> showFlowsFiltered) {
        this.showDropsOf = Objects.requireNonNull(showDropsOfNode, "showDropsOfNode");
        this.showFlowsMatching = Objects.requireNonNull(showFlowsFiltered, "showFlowsFiltered");
    }

    /** What a top talker's "Trace syscalls of …" and "Profile only …" do; the workbench sets it. UI thread. */
    public void offerTracing(TraceActions actions) {
        this.traceActions = Objects.requireNonNull(actions, "actions");
    }

    public TraceActions traceActions() {
        return traceActions;
    }

    /** The processes and pods a card's top talker names, for its trace menu (none: no menu). */
    public Traceable traceable(NodeOverview node, TopTalkers.Talker talker) {
        return node.traceable(talker);
    }

    /** "(see Drops)" on a card. */
    public void showDrops(String node) {
        showDropsOf.accept(node);
    }

    /** A top talker on a card: the Flows page, filtered to that pair on that node. */
    public void showFlows(String node, String source, String destination) {
        showFlowsMatching.accept("node=" + node + " " + quoted(source) + " " + quoted(destination));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public ObservableList<NodeOverview> nodes() {
        return nodes;
    }

    public ReadOnlyLongProperty totalLostProperty() {
        return totalLost.getReadOnlyProperty();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
