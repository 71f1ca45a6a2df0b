package dev.nightjar.desktop.ui.export;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.bundle.ExportRequest;
import dev.nightjar.desktop.bundle.Redaction;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.export.CpuProfile;
import dev.nightjar.desktop.export.ExportFiles;
import dev.nightjar.desktop.export.FlowJsonLines;
import dev.nightjar.desktop.export.FoldedStacks;
import dev.nightjar.desktop.export.SpeedscopeProfile;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.util.CoalescingRunLater;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;

/**
 * The Export dialog's state: what to export (everything, or a time range and a set of
 * nodes), what to redact, the size estimate before and the real size after, and progress.
 * Writing runs on a background task; everything here is touched on the UI thread only.
 */
public final class ExportViewModel {

    private final CaptureStore store;
    private final BackgroundTasks tasks;
    private final TimeWindow span;
    private final BooleanProperty everything = new SimpleBooleanProperty(true);
    private final LongProperty fromNs = new SimpleLongProperty();
    private final LongProperty toNs = new SimpleLongProperty();
    private final Map<String, BooleanProperty> nodes = new LinkedHashMap<>();
    private final BooleanProperty hashAddresses = new SimpleBooleanProperty(false);
    private final BooleanProperty dropCommandLines = new SimpleBooleanProperty(false);
    private final BooleanProperty maskRequestLiterals = new SimpleBooleanProperty(false);
    private final BooleanProperty filterLabels = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper estimate = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong total = new AtomicLong(1);
    private final CoalescingRunLater progressUpdate;
    private final Supplier<ClusterSnapshot> snapshot;
    /** Estimates asked for so far: only the latest one's answer is shown. UI thread. */
    private long estimates;

    public ExportViewModel(CaptureStore store, BackgroundTasks tasks, Executor uiThread) {
        this(store, () -> null, tasks, uiThread);
    }

    /** @param snapshot the cluster the capture's endpoints are named from; supplies null when there is none */
    public ExportViewModel(CaptureStore store, Supplier<ClusterSnapshot> snapshot, BackgroundTasks tasks,
            Executor uiThread) {
        this.store = store;
        this.snapshot = snapshot;
        this.tasks = tasks;
        this.span = store.span().orElse(new TimeWindow(0, 0));
        fromNs.set(span.fromNs());
        toNs.set(span.toNs());
        for (String node : store.nodeNames()) {
            BooleanProperty chosen = new SimpleBooleanProperty(true);
            chosen.addListener(this::selectionChanged);
            nodes.put(node, chosen);
        }
        for (Observable o : new Observable[] {everything, fromNs, toNs}) {
            o.addListener(this::selectionChanged);
        }
        progressUpdate = new CoalescingRunLater(uiThread,
                () -> progress.set(Math.min(1.0, (double) written.get() / Math.max(1, total.get()))));
        updateEstimate();
    }

    private void selectionChanged(Observable ignored) {
        updateEstimate();
    }

    /** The capture's time range, for the range fields. */
    public TimeWindow span() {
        return span;
    }

    public ExportRequest request() {
        TimeWindow window = everything.get() ? TimeWindow.ALL
                : new TimeWindow(Math.min(fromNs.get(), toNs.get()), Math.max(fromNs.get(), toNs.get()));
        Set<String> chosen = everything.get() ? Set.of() : nodes.entrySet().stream()
                .filter(e -> e.getValue().get()).map(Map.Entry::getKey).collect(Collectors.toSet());
        return new ExportRequest(window, chosen, new Redaction(hashAddresses.get(), dropCommandLines.get(),
                filterLabels.get(), Redaction.DEFAULT_ALLOWED_LABELS, maskRequestLiterals.get()));
    }

    private boolean nothingChosen() {
        return !everything.get() && nodes.values().stream().noneMatch(BooleanProperty::get);
    }

    /**
     * Counts what the selection would write, on a background task (it reads every selected
     * event: too much for the UI thread on a full store); an answer to an older selection is
     * not shown.
     */
    private void updateEstimate() {
        long asked = ++estimates;
        if (nothingChosen()) {
            estimate.set("No node chosen: nothing to export");
            return;
        }
        estimate.set("Counting…");
        ExportRequest request = request();
        tasks.run(() -> BundleExport.estimate(store, request), e -> {
            if (asked == estimates) {
                estimate.set(String.format(Locale.ROOT, "About %,d events, %s before compression", e.events(),
                        Units.bytes(e.uncompressedBytes())));
            }
        }, failure -> {
            if (asked == estimates) {
                estimate.set("Could not count the events: " + failure.getMessage());
            }
        });
    }

    /** Writes the capture bundle on a background task; the status says the real size when done. */
    public void exportBundle(Path target) {
        ExportRequest request = request();
        ClusterSnapshot cluster = snapshot.get();
        start("Exporting to " + target.getFileName() + "…");
        tasks.run(() -> {
                    long events = BundleExport.write(store, request, target, (done, all) -> {
                        written.set(done);
                        total.set(all);
                        progressUpdate.request();
                    }, cluster);
                    return String.format(Locale.ROOT, "Exported %,d events to %s (%s on disk)", events, target,
                            Units.bytes(target.toFile().length()));
                },
                this::finish, this::failed);
    }

    public void exportFlows(Path target) {
        TimeWindow window = request().window();
        other(target, () -> ExportFiles.writeAtomically(target, out -> FlowJsonLines.write(store, window, out)) + " flows");
    }

    public void exportFoldedStacks(Path target) {
        TimeWindow window = request().window();
        other(target, () -> ExportFiles.writeAtomically(target,
                out -> FoldedStacks.write(CpuProfile.of(store, window), out)) + " folded stacks");
    }

    public void exportSpeedscope(Path target) {
        TimeWindow window = request().window();
        String exporter = AppInfo.NAME.toLowerCase(Locale.ROOT) + " " + AppInfo.version();
        other(target, () -> ExportFiles.writeAtomically(target, out -> SpeedscopeProfile.write(
                CpuProfile.of(store, window), String.valueOf(target.getFileName()), exporter, out)) + " profiles");
    }

    /** Writes in the background and learns the file's size there too: no file I/O on the UI thread. */
    private void other(Path target, java.util.concurrent.Callable<String> write) {
        start("Writing " + target.getFileName() + "…");
        tasks.run(() -> {
            String what = write.call();
            long size;
            try {
                size = Files.size(target);
            } catch (java.io.IOException e) {
                size = 0;
            }
            return "Wrote " + what + " to " + target + " (" + Units.bytes(size) + ")";
        }, this::finish, this::failed);
    }

    private void start(String text) {
        busy.set(true);
        written.set(0);
        total.set(1);
        progress.set(0);
        status.set(text);
    }

    private void finish(String text) {
        busy.set(false);
        progress.set(1);
        status.set(text);
    }

    private void failed(Exception e) {
        busy.set(false);
        progress.set(0);
        status.set("Export failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ". Nothing was written; check the folder exists and has space.");
    }

    public BooleanProperty everythingProperty() {
        return everything;
    }

    public LongProperty fromNsProperty() {
        return fromNs;
    }

    public LongProperty toNsProperty() {
        return toNs;
    }

    /** One checkbox state per node, in name order. */
    public Map<String, BooleanProperty> nodes() {
        return nodes;
    }

    public BooleanProperty hashAddressesProperty() {
        return hashAddresses;
    }

    public BooleanProperty dropCommandLinesProperty() {
        return dropCommandLines;
    }

    public BooleanProperty maskRequestLiteralsProperty() {
        return maskRequestLiterals;
    }

    public BooleanProperty filterLabelsProperty() {
        return filterLabels;
    }

    public ReadOnlyStringProperty estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** 0 … 1 while writing a bundle. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
