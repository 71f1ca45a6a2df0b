package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.bundle.BundleDescription;
import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.ClientOptions;
import dev.nightjar.desktop.cluster.ClusterConnector;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ConnectionProblems;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.session.LaunchBoard;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorPodSpec;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.session.SweepingConnector;
import dev.nightjar.desktop.session.TeardownReport;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.stream.SensorAddress;
import dev.nightjar.desktop.stream.SensorStream;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.desktop.ui.cluster.ClusterViewModel;
import dev.nightjar.desktop.ui.cluster.LaunchTableModel;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.BackgroundTask;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.ConnectionState;
import dev.nightjar.desktop.ui.workbench.LiveSource;
import dev.nightjar.desktop.ui.workbench.Retargeter;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The main window's state: which capture is open (none: the welcome screen),
 * the status line, and the last problem opening something.
 *
 * <p>Opening anything (a bundle, the demo, a sensor, a cluster capture) runs on a background
 * task; only one opening is under way at a time. Going Home, to the connect screen or
 * opening something else cancels it: what it brings back later is not shown, and what it
 * started (sensors on a cluster, a local sensor process) is stopped again. No file is read
 * or written on the UI thread.
 */
public final class ShellViewModel implements AutoCloseable {

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(AppInfo.NAME);
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper(AppInfo.nameAndVersion());
    private final ReadOnlyStringWrapper openError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper kubeconfigPresent = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<WorkbenchViewModel> workbench = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ClusterViewModel> cluster = new ReadOnlyObjectWrapper<>();
    /** The launch table of the cluster capture starting or open; null when there is none. */
    private final ReadOnlyObjectWrapper<LaunchTableModel> launchTable = new ReadOnlyObjectWrapper<>();
    /** After a Stop that could not remove everything: what is left and the kubectl commands; else empty. */
    private final ReadOnlyStringWrapper leftovers = new ReadOnlyStringWrapper("");
    private final BackgroundTasks tasks;
    private final Executor uiThread;
    private final ShellIo io;
    /** The capture being opened, or null; cancelled when the user goes elsewhere first. */
    private BackgroundTask opening;
    /** Pages build their tables off the UI thread and apply them on it. */
    private final ViewExecutors views;
    private final StoreLimits limits;
    static final String DEMO_NAME = "Demo capture: shop";
    /** The cluster the open capture names its endpoints from, for export; null when none. */
    private Supplier<ClusterSnapshot> snapshotOfOpen = () -> null;

    /**
     * What a session starts with: flows, drops, processes and CPU profiles of the whole node;
     * syscalls once the user chooses whose (see {@link TraceTargets}).
     */
    private static final SubscribeRequest ALL_KINDS = TraceTargets.DEFAULT.request();

    public ShellViewModel(BackgroundTasks tasks, Executor uiThread, StoreLimits limits) {
        this(tasks, uiThread, limits, ShellIo.REAL);
    }

    ShellViewModel(BackgroundTasks tasks, Executor uiThread, StoreLimits limits, ShellIo io) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.views = ViewExecutors.withRefreshThread(uiThread);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.io = Objects.requireNonNull(io, "io");
    }

    /** Remembers what is being opened; whoever starts an opening cancels the previous one first. */
    private void opening(BackgroundTask task) {
        opening = task;
    }

    /** Called by an opening's callbacks: it is over, nothing left to cancel. */
    private void opened() {
        opening = null;
        busy.set(false);
    }

    /**
     * The user went elsewhere: what the opening brings back is dropped (and stopped, if live).
     *
     * @return whether something was being opened
     */
    private boolean cancelOpening() {
        if (opening == null) {
            return false;
        }
        opening.cancel();
        opening = null;
        busy.set(false);
        return true;
    }

    /** Opens the capture that ships with the app: real sensor data, no cluster needed. */
    public void openDemo() {
        cancelOpening();
        busy.set(true);
        openError.set("");
        opening(tasks.run(io::extractDemo, demo -> {
            opened();
            if (demo.isEmpty()) {
                openError.set("This build has no demo capture; desktop-app/src/demo/record-demo.sh records one.");
                return;
            }
            openBundle(demo.get(), DEMO_NAME);
        }, failure -> {
            opened();
            openError.set("Cannot open the demo capture: " + failure.getMessage()
                    + (failure.getCause() == null ? "" : " (" + failure.getCause().getMessage() + ")"));
        }));
    }

    /** Reads a bundle in the background, then shows it; a bundle that cannot be read leaves the current screen. */
    public void openBundle(Path bundle) {
        openBundle(bundle, String.valueOf(bundle.getFileName()));
    }

    private void openBundle(Path bundle, String name) {
        cancelOpening();
        busy.set(true);
        openError.set("");
        status.set("Opening " + name + "…");
        CaptureStore store = new CaptureStore(limits);
        opening(tasks.run(() -> BundleImport.into(bundle, store), imported -> {
            opened();
            String banner = BundleDescription.banner(imported.manifest(), imported.problems());
            WorkbenchViewModel opened = new WorkbenchViewModel(store, new CaptureSource(false, name, banner),
                    imported.namer(), views);
            opened.usePolicies(imported::clusterSnapshot);
            show(opened);
            snapshotOfOpen = imported::clusterSnapshot;
            title.set(name + " — " + AppInfo.NAME);
            status.set(imported.problems().isEmpty()
                    ? String.format(Locale.ROOT, "Opened %s: %,d events", name, imported.eventsRead())
                    : String.format(Locale.ROOT, "Opened %s with %d problem(s): %,d events readable", name,
                            imported.problems().size(), imported.eventsRead()));
        }, failure -> {
            opened();
            openError.set("Cannot open " + name + ": " + failure.getMessage());
            status.set("Could not open " + name);
        }));
    }

    /** Shows the connect screen for the kubeconfig's contexts (reading them again each time, in the background). */
    public void openCluster() {
        cancelOpening();
        show(null);
        ClusterViewModel previous = cluster.get();
        cluster.set(new ClusterViewModel(io::loadKubeconfigs,
                (kubeconfigs, context, progress, prompts) -> new SweepingConnector(
                        new ClusterConnector(kubeconfigs, ConnectionProblems.forThisProcess(),
                                ClientOptions.forThisProcess(prompts)),
                        Clock.systemUTC(), SensorSettings.defaults()).connect(context, progress),
                tasks));
        if (previous != null) {
            previous.close();
        }
        title.set("Cluster — " + AppInfo.NAME);
    }

    /** The cluster snapshot the open capture's endpoints are named from, or null. */
    public ClusterSnapshot openSnapshot() {
        return snapshotOfOpen.get();
    }

    /** What an export wrote: events and the file's size on disk, both learned off the UI thread. */
    private record Exported(long events, long bytes) {
    }

    /** Writes the open capture to a bundle in the background; the status line says how it went. */
    public void exportCapture(Path target) {
        WorkbenchViewModel open = workbench.get();
        if (open == null) {
            return;
        }
        String name = String.valueOf(target.getFileName());
        status.set("Exporting to " + name + "…");
        ClusterSnapshot snapshot = snapshotOfOpen.get();
        tasks.run(() -> new Exported(BundleExport.write(open.store(), target, snapshot), target.toFile().length()),
                done -> status.set(String.format(Locale.ROOT, "Exported %,d events to %s (%s)", done.events(), target,
                        Units.bytes(done.bytes()))),
                failure -> status.set("Export to " + name + " failed: " + failure.getMessage()));
    }

    /** A capture with the default settings (privileged or least privilege). */
    public void startClusterCapture(ClusterConnection connection, List<String> nodes, boolean leastPrivilege) {
        startClusterCapture(connection, nodes, SessionSettings.defaults()
                .withPrivilege(leastPrivilege ? PrivilegeMode.LEAST_PRIVILEGE : PrivilegeMode.PRIVILEGED));
    }

    /**
     * Deploys sensors on the chosen nodes (or attaches to installed ones) and streams them
     * into a live workbench; the launch table follows every node from the start, and the
     * workbench opens as soon as the first sensor streams (slower nodes join when they run).
     */
    public void startClusterCapture(ClusterConnection connection, List<String> nodes, SessionSettings settings) {
        if (connection == null || nodes.isEmpty() || busy.get()) {
            return;
        }
        cancelOpening();
        busy.set(true);
        openError.set("");
        leftovers.set("");
        CaptureStore store = new CaptureStore(limits);
        String title = connection.context().name() + " · " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes");
        SessionPlan plan = SessionPlan.fresh(nodes, settings, connection.context().name());
        LaunchBoard board = new LaunchBoard(plan.nodes(), Clock.systemUTC());
        LaunchTableModel table = new LaunchTableModel(board, uiThread, tasks);
        launchTable.set(table);
        WorkbenchViewModel[] opened = new WorkbenchViewModel[1];
        // The session's targets: the context's security policies (files read here, off the UI thread).
        TraceTargets[] initial = new TraceTargets[1];
        // States that arrive before the workbench exists are shown once it does.
        Map<String, StreamState> early = new LinkedHashMap<>();
        // Names come from the launch's live Enricher (informers), so pods started later are named too.
        opening(tasks.run(task -> io.launch(connection, plan, settings, store,
                    (initial[0] = TraceTargets.DEFAULT.withSecurity(settings.security().read())).request(),
                    line -> task.onUi(() -> status.set(line)),
                    (node, state) -> task.onUi(() -> {
                        if (opened[0] != null) {
                            showState(opened[0], node, state);
                        } else {
                            early.put(node, state);
                        }
                    }), board),
                launched -> {
                    opened();
                    WorkbenchViewModel live = new WorkbenchViewModel(store, new CaptureSource(true, title, ""),
                            launched.namer(), views);
                    live.attachLiveSource(() -> {
                        TeardownReport report = launched.stop(STOP_TIMEOUT);
                        if (!report.complete()) {
                            String text = leftoverText(report);
                            uiThread.execute(() -> leftovers.set(text));
                        }
                        return describe(report);
                    });
                    live.usePolicies(launched::snapshot);
                    table.redeployWith(launched::redeploy);
                    live.hideSessionTraffic(new SessionTraffic(SensorPodSpec.LISTEN_PORT));
                    // A choice goes to the sensor of the node it was made on, off the UI thread.
                    live.useRetargeter(Retargeter.over(plan.nodes(), (node, next, done, failed) -> tasks.run(
                            () -> launched.retarget(node, next.request()), done, failed)),
                            TargetsByNode.cluster(plan.nodes().size()).withSecurity(initial[0].security()));
                    early.forEach((node, state) -> showState(live, node, state));
                    opened[0] = live;
                    show(live);
                    launchTable.set(table);
                    snapshotOfOpen = launched::snapshot;
                    this.title.set(title + " — " + AppInfo.NAME);
                    status.set(launched.notStreaming().isEmpty() ? "Streaming from " + title
                            : "Streaming; not yet or not streaming: " + String.join("; ", launched.notStreaming()));
                },
                failure -> {
                    opened();
                    status.set("Could not start the capture: " + failure.getMessage());
                },
                // The user went elsewhere while the sensors came up: remove them again.
                unwanted -> unwanted.stop(STOP_TIMEOUT)));
    }

    /** What a Stop left in the cluster and the commands that remove it, for a dialog to copy from. */
    static String leftoverText(TeardownReport report) {
        return "Nightjar could not remove everything before its deadline:\n  "
                + String.join("\n  ", report.leftBehind()) + "\n\nRun these to remove it:\n"
                + String.join("\n", report.commands()) + "\n";
    }

    private static final Duration STOP_TIMEOUT = dev.nightjar.desktop.session.SensorDeployment.TEARDOWN;

    static String describe(TeardownReport report) {
        return "Stopped. Removed: " + (report.removed().isEmpty() ? "nothing" : String.join(", ", report.removed()))
                + (report.leftBehind().isEmpty() ? "." : ". Left behind: " + String.join(", ", report.leftBehind()) + ".")
                + (report.commands().isEmpty() ? "" : " Remove it with: " + String.join(" ; ", report.commands()));
    }

    /** Stops what feeds the open workbench (for a cluster: removes the sensors); the capture stays open. */
    public void stopLive() {
        WorkbenchViewModel open = workbench.get();
        if (open != null) {
            stopLive(open);
            open.markStopped();
        }
    }

    private void stopLive(WorkbenchViewModel from) {
        from.detachLiveSource().ifPresent(source -> {
            status.set("Stopping…");
            tasks.run(source::stop, status::set, failure -> status.set("Stopping failed: " + failure.getMessage()));
        });
    }

    /** Back to the welcome screen; whatever was open is closed, whatever was being opened is dropped. */
    public void home() {
        if (cancelOpening()) {
            status.set("Ready");
        }
        show(null);
        ClusterViewModel previous = cluster.get();
        cluster.set(null);
        if (previous != null) {
            previous.close();
        }
        title.set(AppInfo.NAME);
    }

    /** The launch table of the cluster capture starting or open, or null. */
    public ReadOnlyObjectProperty<LaunchTableModel> launchTableProperty() {
        return launchTable.getReadOnlyProperty();
    }

    /** Set after a Stop that left objects behind: what, and the kubectl commands; empty otherwise. */
    public ReadOnlyStringProperty leftoversProperty() {
        return leftovers.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ClusterViewModel> clusterProperty() {
        return cluster.getReadOnlyProperty();
    }

    /** Starts a sensor process on this machine (root needed) and streams from it; Stop ends the process. */
    public void startLocalSensor() {
        if (busy.get()) {
            return;
        }
        cancelOpening();
        busy.set(true);
        openError.set("");
        status.set("Starting a sensor on this machine…");
        opening(tasks.run(task -> LocalSensor.start(LocalSensor.findJar(Path.of("").toAbsolutePath()),
                        Path.of(System.getProperty("java.home"))),
                sensor -> {
                    opened();
                    stream(sensor.address(), sensor.token(), "sensor on this machine", () -> {
                        sensor.close();
                        return "Stopped the sensor on this machine.";
                    });
                },
                failure -> {
                    opened();
                    openError.set(failure.getMessage());
                    status.set("Could not start a sensor on this machine");
                },
                LocalSensor::close));
    }

    /**
     * Streams from a sensor the user names, once its token file is read (in the background);
     * the workbench shows the connection's state as it changes.
     */
    public void connectToSensor(SensorAddress address, Path tokenFile) {
        cancelOpening();
        openError.set("");
        opening(tasks.run(() -> io.readToken(tokenFile), token -> {
            opened();
            stream(address, token, "sensor at " + address, () -> "Stopped streaming from " + address + ".");
        }, failure -> {
            opened();
            openError.set("Cannot connect to " + address + ": " + failure.getMessage());
        }));
    }

    private void stream(SensorAddress address, String token, String name, LiveSource afterStream) {
        CaptureStore store = new CaptureStore(limits);
        WorkbenchViewModel workbench = new WorkbenchViewModel(store,
                new CaptureSource(true, name, ""), EndpointNamer.ADDRESSES_ONLY, views);
        workbench.hideSessionTraffic(new SessionTraffic(address.port()));
        SensorStream stream = new SensorStream(() -> address, token, ALL_KINDS, store,
                state -> uiThread.execute(() -> {
                    showState(workbench, address.toString(), state);
                    status.set(state.phase() == StreamState.Phase.STREAMING
                            ? "Streaming from " + address : state.detail());
                }), Clock.systemUTC());
        workbench.attachLiveSource(() -> {
            stream.close();
            return afterStream.stop();
        });
        // "Trace syscalls of this process": the stream asks its sensor again, off the UI thread.
        workbench.useRetargeter((sensor, next, done, failed) -> tasks.run(() -> stream.retarget(next.request()), done,
                failed), TargetsByNode.ONE_SENSOR);
        show(workbench);
        title.set(name + " — " + AppInfo.NAME);
        status.set("Connecting to " + address + "…");
        stream.start();
    }

    /** A sensor stream's state on the workbench's badge and connection line. */
    private static void showState(WorkbenchViewModel on, String sensor, StreamState state) {
        on.showConnection(sensor, switch (state.phase()) {
            case CONNECTING -> ConnectionState.CONNECTING;
            case STREAMING -> ConnectionState.LIVE;
            case RECONNECTING -> ConnectionState.RECONNECTING;
            case FAILED -> ConnectionState.FAILED;
            case STOPPED -> ConnectionState.STOPPED;
        }, describe(state));
    }

    static String describe(StreamState state) {
        return switch (state.phase()) {
            case STREAMING -> "● " + state.detail();
            case CONNECTING, RECONNECTING -> "◌ " + state.detail();
            case FAILED -> "✖ " + state.detail();
            case STOPPED -> "■ stopped";
        };
    }

    private void show(WorkbenchViewModel next) {
        launchTable.set(null);
        if (next != null && cluster.get() != null) {
            cluster.get().close();
            cluster.set(null);
        }
        WorkbenchViewModel previous = workbench.get();
        snapshotOfOpen = () -> null;
        workbench.set(next);
        if (previous != null) {
            stopLive(previous);
            previous.close();
        }
    }

    public ReadOnlyObjectProperty<WorkbenchViewModel> workbenchProperty() {
        return workbench.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** Why the last open failed, in words; empty when it did not. */
    public ReadOnlyStringProperty openErrorProperty() {
        return openError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Looks (in the background) whether this user has a kubeconfig; the welcome screen leads with the cluster then. */
    public void lookForKubeconfig() {
        tasks.run(io::kubeconfigPresent, kubeconfigPresent::set, failure -> kubeconfigPresent.set(false));
    }

    /** False until {@link #lookForKubeconfig()} found one. */
    public ReadOnlyBooleanProperty kubeconfigPresentProperty() {
        return kubeconfigPresent.getReadOnlyProperty();
    }

    @Override
    public void close() {
        cancelOpening();
        show(null);
        if (cluster.get() != null) {
            cluster.get().close();
        }
        tasks.close();
    }
}
