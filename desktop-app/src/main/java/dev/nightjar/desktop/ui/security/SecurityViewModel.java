package dev.nightjar.desktop.ui.security;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.security.SecurityCoverage;
import dev.nightjar.desktop.security.SecurityFilter;
import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.security.SecurityRows;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.textfilter.TextFilter;
import dev.nightjar.desktop.textfilter.TextFilterException;
import dev.nightjar.desktop.ui.page.PageModel;
import dev.nightjar.desktop.ui.page.StoreRefresher;
import dev.nightjar.desktop.ui.page.TraceActions;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * The Security page's state: the filter ({@link SecurityFilter}), the events it lets through
 * (newest first), the selected event, a one-line tally (by severity, and what the rate limit
 * suppressed), and what to say when there are none. Builds run off the UI thread and not while
 * the page is hidden ({@link StoreRefresher}); the table changes by keyed diffs.
 */
public final class SecurityViewModel implements PageModel {

    static final Comparator<SecurityRow> NEWEST_FIRST = Comparator.comparingLong(SecurityRow::timeNs).reversed()
            .thenComparing(SecurityRow::key);

    private final CaptureStore store;
    private final StoreRefresher<Built> refresher;
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final KeyedRows<SecurityRow> keyed = new KeyedRows<>(SecurityRow::key);
    private final ObservableList<SecurityRow> rows = new SortedList<>(keyed.rows(), NEWEST_FIRST);
    private final ObjectProperty<SecurityRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerWrapper totalEvents = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper tally = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper losses = new ReadOnlyStringWrapper("");
    private final SecurityChoiceModel choice;
    private Consumer<String> showFlows = filter -> { };
    private Consumer<String> showRequests = filter -> { };
    private Consumer<String> showSyscalls = filter -> { };
    // What a build reads; written on the UI thread, read where the build runs.
    private volatile TextFilter<SecurityRow> filter = SecurityFilter.everything();
    private volatile TimeWindow window = TimeWindow.ALL;
    private volatile PodOfContainer pods = PodOfContainer.UNKNOWN;
    /** The policies a policy= term may name, as the last build found them. UI thread. */
    private Set<String> knownPolicies = Set.of();
    private Object builtFrom;

    private record Built(KeyedRows.Patch<SecurityRow> shown, int total, String tally, String empty, String losses,
                         Set<String> policies) {
    }

    /** Every refresh on the UI thread: for tests. */
    public SecurityViewModel(CaptureStore store, Executor uiThread) {
        this(store, ViewExecutors.uiOnly(uiThread));
    }

    public SecurityViewModel(CaptureStore store, ViewExecutors executors) {
        this.store = store;
        this.choice = new SecurityChoiceModel(executors);
        this.refresher = new StoreRefresher<>(store, executors, this::build, this::apply);
        filterText.addListener((obs, old, text) -> applyFilter(text));
    }

    /** Names pods for container ids, e.g. from the cluster snapshot; rows rename on the next refresh. */
    public void usePods(PodOfContainer pods) {
        this.pods = Objects.requireNonNull(pods, "pods");
        refresher.request();
    }

    /** Lets the page choose the live session's security policies (see {@link SecurityChoiceModel}). */
    public void offerChoice(TraceActions actions,
                            ReadOnlyObjectProperty<TargetsByNode> targets,
                            ReadOnlyBooleanProperty live) {
        choice.offer(actions, targets, live);
    }

    /** The live session's choice of security policies; offline it is off and cannot be changed. */
    public SecurityChoiceModel choice() {
        return choice;
    }

    /** A filter that does not parse says why and where; the last valid one keeps showing its rows. */
    private void applyFilter(String text) {
        try {
            filter = SecurityFilter.parse(text, knownPolicies);
            filterError.set("");
        } catch (TextFilterException e) {
            filterError.set(e.describe());
            return;
        }
        refresher.request();
    }

    private Built build() {
        TimeWindow w = window;
        TextFilter<SecurityRow> f = filter;
        PodOfContainer p = pods;
        List<Object> from = List.of(store.version(PayloadKind.SECURITY, PayloadKind.INFO, PayloadKind.LOST), w, f, p);
        if (from.equals(builtFrom)) {
            return null;
        }
        builtFrom = from;
        List<SensorEvent> events = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(n -> events.addAll(n.events(PayloadKind.SECURITY, w)));
        }
        List<SecurityRow> all = SecurityRows.of(events, p);
        List<SecurityRow> shown = all.stream().filter(f::test).sorted(NEWEST_FIRST).toList();
        Set<String> policies = new TreeSet<>(SecurityCoverage.policiesInForce(store));
        all.forEach(r -> policies.add(r.policy()));
        return new Built(keyed.diff(shown), all.size(), tally(shown), emptyText(all.isEmpty()),
                SecurityCoverage.losses(store), Set.copyOf(policies));
    }

    /** "2 critical · 1 warning · 1,990 more suppressed by the rate limit" over the rows shown. */
    static String tally(List<SecurityRow> shown) {
        List<String> parts = new ArrayList<>();
        for (String severity : dev.nightjar.desktop.security.SecurityWords.SEVERITIES) {
            long n = shown.stream().filter(r -> !r.event().getSummary() && r.severity().equals(severity)).count();
            if (n > 0) {
                parts.add(String.format(Locale.ROOT, "%,d %s", n, severity));
            }
        }
        long suppressed = shown.stream().mapToLong(r -> r.event().getSuppressedCount()).sum();
        if (suppressed > 0) {
            parts.add(String.format(Locale.ROOT, "%,d more suppressed by the rate limit", suppressed));
        }
        return String.join(" · ", parts);
    }

    private String emptyText(boolean noneRecorded) {
        if (!noneRecorded) {
            return "No security events match. Clear the filter or choose another time.";
        }
        List<String> why = SecurityCoverage.whyNone(store);
        if (!why.isEmpty()) {
            return String.join("\n", why);
        }
        Set<String> policies = SecurityCoverage.policiesInForce(store);
        return policies.isEmpty()
                ? "No security events in this capture. Security events come from sensors running policies"
                        + " (docs/SECURITY-EVENTS.md); this capture's sensors ran none."
                : "No security events in this window: nothing matched the policies in force ("
                        + String.join(", ", policies) + ").";
    }

    private void apply(Built built) {
        keyed.apply(built.shown());
        SecurityRow keep = selected.get();
        if (keep != null) {
            selected.set(keyed.find(keep.key()).orElse(null));
        }
        totalEvents.set(built.total());
        tally.set(built.tally());
        emptyText.set(built.empty());
        losses.set(built.losses());
        if (!built.policies().equals(knownPolicies)) {
            knownPolicies = built.policies();
            if (!filterError.get().isEmpty()) {
                applyFilter(filterText.get()); // a policy= refused earlier may name one that is known now
            }
        }
    }

    /** Goes to the Flows page, filtered to connections of processes with this one's name on its node. */
    public void showFlows(SecurityRow row) {
        if (!row.flowFilter().isEmpty()) {
            showFlows.accept(row.flowFilter());
        }
    }

    /** Goes to the Requests page, filtered as {@link #showFlows} filters flows. */
    public void showRequests(SecurityRow row) {
        if (!row.flowFilter().isEmpty()) {
            showRequests.accept(row.flowFilter());
        }
    }

    /** Goes to the Syscalls page, filtered to this process. */
    public void showSyscalls(SecurityRow row) {
        showSyscalls.accept(row.syscallFilter());
    }

    /** What the links do: the workbench sets the other page's filter and moves there. */
    public void onNavigate(Consumer<String> flows, Consumer<String> requests, Consumer<String> syscalls) {
        this.showFlows = Objects.requireNonNull(flows, "flows");
        this.showRequests = Objects.requireNonNull(requests, "requests");
        this.showSyscalls = Objects.requireNonNull(syscalls, "syscalls");
    }

    @Override
    public void setShown(boolean shown) {
        refresher.setShown(shown);
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

    public BooleanProperty pausedProperty() {
        return refresher.pausedProperty();
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Empty when the filter parses; otherwise what is wrong and where. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public ObservableList<SecurityRow> rows() {
        return rows;
    }

    /** Events in the window before the filter, so the view can say "1 of 6". */
    public ReadOnlyIntegerProperty totalEventsProperty() {
        return totalEvents.getReadOnlyProperty();
    }

    /** The shown events by severity, and what the rate limit suppressed. */
    public ReadOnlyStringProperty tallyProperty() {
        return tally.getReadOnlyProperty();
    }

    public ObjectProperty<SecurityRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** Security events lost (evicted from the store, lost on the sensor); empty when none. */
    public ReadOnlyStringProperty lossesProperty() {
        return losses.getReadOnlyProperty();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
