package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.cluster.ClusterConnectException;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.ClusterConnection.NodeChoice;
import dev.nightjar.desktop.cluster.KubeContext;
import dev.nightjar.desktop.cluster.Kubeconfigs;
import dev.nightjar.desktop.cluster.PluginPrompts;
import dev.nightjar.desktop.session.SweepReport;
import dev.nightjar.desktop.session.SweepingConnector.SweptConnection;
import dev.nightjar.desktop.ui.util.BackgroundTask;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The connect screen: kubeconfig contexts with the current one preselected,
 * connecting with progress in words, then the node table with its filter and
 * the warnings for each node. Switching contexts is picking another and
 * pressing Connect again.
 *
 * <p>Reading the kubeconfig files and connecting run on background tasks; what they
 * bring back after the screen was closed is not shown, and a connection that arrives
 * then is closed, so its client does not leak.
 */
public final class ClusterViewModel implements AutoCloseable {

    /**
     * Connects to a context of the loaded kubeconfig; blocking, called off the UI thread.
     * {@code prompts} receives what the context's credential plugin writes while it runs.
     */
    @FunctionalInterface
    public interface Connector {
        SweptConnection connect(Kubeconfigs kubeconfigs, String context, Consumer<String> progress,
                                PluginPrompts prompts) throws ClusterConnectException;
    }

    /** Keeps the plugin's output shown to the last lines of this many characters. */
    static final int PLUGIN_OUTPUT_CHARS = 8_000;

    private final Connector connector;
    private final BackgroundTasks tasks;
    /** The kubeconfig read and the latest connect: what close() cancels. UI thread. */
    private BackgroundTask loading;
    private BackgroundTask connecting;
    private boolean closed;
    private Kubeconfigs kubeconfigs;

    private final ObservableList<String> contexts = FXCollections.observableArrayList();
    private final StringProperty selectedContext = new SimpleStringProperty();
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sweep = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ClusterConnection> connection = new ReadOnlyObjectWrapper<>();
    private final ObservableList<NodeChoice> nodes = FXCollections.observableArrayList();
    private final FilteredList<NodeChoice> shownNodes = new FilteredList<>(nodes);
    private final StringProperty nodeFilter = new SimpleStringProperty("");
    private final ObservableList<NodeChoice> selectedNodes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper startBlocked = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper pluginWaiting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper pluginCommand = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pluginOutput = new ReadOnlyStringWrapper("");
    /** Set by Cancel in the plugin dialog; read by the plugin's runner thread. */
    private final AtomicBoolean pluginCancelled = new AtomicBoolean();

    /**
     * Starts reading the kubeconfig files in the background; the contexts appear (or the
     * problem with the files) when they are read, busy until then.
     *
     * @param loadKubeconfigs reads the kubeconfig files, off the UI thread; may throw {@code KubeconfigProblem}
     * @param connector       connects to a context of what it read, off the UI thread
     */
    public ClusterViewModel(Supplier<Kubeconfigs> loadKubeconfigs, Connector connector, BackgroundTasks tasks) {
        this.connector = connector;
        this.tasks = tasks;
        nodeFilter.addListener((obs, old, text) -> shownNodes.setPredicate(node -> matches(node, text)));
        selectedNodes.addListener((ListChangeListener<NodeChoice>) c -> startBlocked.set(StartBlock.reason(selectedNodes)));
        startBlocked.set(StartBlock.reason(selectedNodes));
        busy.set(true);
        loading = tasks.run(loadKubeconfigs::get, this::loaded, failure -> {
            busy.set(false);
            problem.set(failure.getMessage());
        });
    }

    private void loaded(Kubeconfigs loaded) {
        busy.set(false);
        kubeconfigs = loaded;
        kubeconfigs.contexts().stream().map(KubeContext::name).sorted().forEach(contexts::add);
        selectedContext.set(kubeconfigs.currentContext().orElse(contexts.isEmpty() ? null : contexts.getFirst()));
        if (!kubeconfigs.warnings().isEmpty()) {
            progress.set(String.join(" ", kubeconfigs.warnings()));
        }
    }

    public void connect() {
        String context = selectedContext.get();
        if (closed || kubeconfigs == null || context == null || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        sweep.set("");
        closeConnection();
        Kubeconfigs loaded = kubeconfigs;
        connecting = tasks.run(task -> connector.connect(loaded, context, line -> task.onUi(() -> progress.set(line)),
                        prompts(task)),
                swept -> {
                    busy.set(false);
                    ClusterConnection connected = swept.connection();
                    nodes.setAll(connected.nodes());
                    selectedNodes.clear(); // a new node list: nothing picked (the view clears its selection on the connection)
                    connection.set(connected);
                    progress.set(String.format(Locale.ROOT, "Connected to %s: %d nodes.", context, connected.nodes().size())
                            + (connected.notes().isEmpty() ? "" : " " + String.join(" ", connected.notes())));
                    sweep.set((swept.sweepProblem().isEmpty() ? "" : "⚠ " + swept.sweepProblem() + " ")
                            + describe(swept.sweep()));
                },
                failure -> {
                    busy.set(false);
                    nodes.clear();
                    selectedNodes.clear();
                    progress.set("");
                    problem.set(failure.getMessage());
                },
                SweptConnection::close);
    }

    /**
     * The connect task's view of the credential plugin: its output goes to the dialog's
     * properties on the UI thread; Cancel in the dialog stops it (the flag is read on the
     * plugin's thread, and cleared when a plugin run starts). The client keeps these prompts,
     * so a token refresh later in the session shows its prompt here too while this screen lives.
     */
    private PluginPrompts prompts(BackgroundTask task) {
        return new PluginPrompts() {
            @Override
            public void started(String command) {
                pluginCancelled.set(false);
                task.onUi(() -> {
                    pluginCommand.set(command);
                    pluginOutput.set("");
                    pluginWaiting.set(true);
                });
            }

            @Override
            public void stderr(String line) {
                task.onUi(() -> pluginOutput.set(lastChars(pluginOutput.get() + line + "\n")));
            }

            @Override
            public void finished() {
                task.onUi(() -> pluginWaiting.set(false));
            }

            @Override
            public boolean cancelled() {
                return pluginCancelled.get();
            }
        };
    }

    private static String lastChars(String text) {
        return text.length() <= PLUGIN_OUTPUT_CHARS ? text : "…" + text.substring(text.length() - PLUGIN_OUTPUT_CHARS);
    }

    /** Stops the credential plugin the connect is waiting for (Cancel in its dialog). Any thread. */
    public void cancelPlugin() {
        pluginCancelled.set(true);
    }

    /** The nodes picked in the table (the view keeps this in step with its selection). UI thread. */
    public void selectNodes(List<NodeChoice> picked) {
        selectedNodes.setAll(picked);
    }

    private static String describe(SweepReport sweep) {
        StringBuilder sb = new StringBuilder();
        if (!sweep.removed().isEmpty()) {
            sb.append("Removed what a crashed session left behind: ").append(String.join("; ", sweep.removed())).append(". ");
        }
        if (!sweep.failures().isEmpty()) {
            sb.append("Could not remove: ").append(String.join("; ", sweep.failures())).append(". ");
        }
        if (!sweep.keptLive().isEmpty()) {
            sb.append("Sensors of live sessions elsewhere left alone: ").append(sweep.keptLive().size()).append('.');
        }
        return sb.toString().strip();
    }

    static boolean matches(NodeChoice node, String filter) {
        return NodeFilter.parse(filter).test(node.summary());
    }

    private void closeConnection() {
        ClusterConnection previous = connection.get();
        connection.set(null);
        if (previous != null) {
            previous.close();
        }
    }

    public ObservableList<String> contexts() {
        return contexts;
    }

    public StringProperty selectedContextProperty() {
        return selectedContext;
    }

    /** The latest step, or the result, in words. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What went wrong and what to do; empty when nothing did. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the orphan sweep did on connect; empty when it found nothing. */
    public ReadOnlyStringProperty sweepProperty() {
        return sweep.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ClusterConnection> connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** Nodes the filter lets through. */
    public ObservableList<NodeChoice> nodes() {
        return shownNodes;
    }

    /** Name, role, architecture or kernel text. */
    public StringProperty nodeFilterProperty() {
        return nodeFilter;
    }

    /** The nodes picked in the table. */
    public ObservableList<NodeChoice> selectedNodes() {
        return selectedNodes;
    }

    /** Why Start cannot be pressed for the picked nodes (none picked, or one that no sensor can run on); empty when it can. */
    public ReadOnlyStringProperty startBlockedProperty() {
        return startBlocked.getReadOnlyProperty();
    }

    /** A credential plugin is running and the connect waits for it. */
    public ReadOnlyBooleanProperty pluginWaitingProperty() {
        return pluginWaiting.getReadOnlyProperty();
    }

    /** The running plugin's command line, to run it by hand. */
    public ReadOnlyStringProperty pluginCommandProperty() {
        return pluginCommand.getReadOnlyProperty();
    }

    /** What the running plugin wrote to standard error (a device code and where to enter it), last lines. */
    public ReadOnlyStringProperty pluginOutputProperty() {
        return pluginOutput.getReadOnlyProperty();
    }

    /** Closes the connection; a connect still under way is dropped and its connection closed when it arrives. UI thread. */
    @Override
    public void close() {
        closed = true;
        loading.cancel();
        if (connecting != null) {
            connecting.cancel();
        }
        closeConnection();
    }
}
