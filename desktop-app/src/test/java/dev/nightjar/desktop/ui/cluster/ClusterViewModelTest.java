package dev.nightjar.desktop.ui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.ClientOptions;
import dev.nightjar.desktop.cluster.ClusterConnection.NodeChoice;
import dev.nightjar.desktop.cluster.ClusterConnector;
import dev.nightjar.desktop.cluster.ConnectionProblems;
import dev.nightjar.desktop.cluster.FrontDispatcher;
import dev.nightjar.desktop.cluster.Kubeconfigs;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NodeWarning;
import dev.nightjar.desktop.cluster.PluginScripts;
import dev.nightjar.desktop.cluster.TestKubeconfig;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SweepingConnector;
import dev.nightjar.desktop.session.SweepingConnector.SweptConnection;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connect screen's view model against fabric8's mock API server (CRUD), without a stage. */
class ClusterViewModelTest {

    @TempDir
    Path dir;

    private final MockApiServer api = new MockApiServer();
    private final List<Runnable> uiQueue = new ArrayList<>();
    private ClusterViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
        api.close();
    }

    /** UI-thread work queued by the background task is run here, like pulses. */
    private void awaitIdle() throws InterruptedException {
        pulseUntil(() -> !vm.busyProperty().get() && uiQueueEmpty());
        assertThat(vm.busyProperty().get()).as("connect finished").isFalse();
    }

    private boolean uiQueueEmpty() {
        synchronized (uiQueue) {
            return uiQueue.isEmpty();
        }
    }

    /** Runs queued UI work every 10 ms until {@code done} holds, for 20 s at most. */
    private void pulseUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            List<Runnable> now;
            synchronized (uiQueue) {
                now = new ArrayList<>(uiQueue);
                uiQueue.clear();
            }
            now.forEach(Runnable::run);
            Thread.sleep(10);
        } while (!done.getAsBoolean() && System.nanoTime() < deadline);
    }

    private ClusterViewModel viewModel(Path kubeconfig) {
        BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(),
                r -> { synchronized (uiQueue) { uiQueue.add(r); } });
        return new ClusterViewModel(() -> Kubeconfigs.load(kubeconfig.toString(), dir),
                (k, context, progress, prompts) -> new SweepingConnector(new ClusterConnector(k,
                        ConnectionProblems.forThisProcess(), ClientOptions.forThisProcess(prompts)),
                        Clock.systemUTC(), SensorSettings.defaults()).connect(context, progress),
                tasks);
    }

    private Path kubeconfig(String current, String server) throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                current-context: %s
                contexts:
                - name: dev
                  context: {cluster: dev, user: me}
                - name: prod
                  context: {cluster: prod, user: me}
                clusters:
                - name: dev
                  cluster: {server: "%s"}
                - name: prod
                  cluster: {server: "%s"}
                users:
                - name: me
                  user: {token: abc}
                """.formatted(current, server, server));
        return f;
    }

    private static Node node(String name, boolean ready, String kernel, String arch) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("node-role.kubernetes.io/worker", "")
                .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().withNewNodeInfo().withKernelVersion(kernel).withArchitecture(arch)
                .withOsImage("Ubuntu 24.04 LTS").withContainerRuntimeVersion("containerd://1.7.12").endNodeInfo()
                .endStatus().build();
    }

    @Test
    void theCurrentContextIsPreselectedAndConnectingListsNodesWithWarnings() throws Exception {
        api.simulator().nodes().resource(node("worker-1", true, "6.8.0-1015-aws", "amd64")).create();
        api.simulator().nodes().resource(node("old-kernel", true, "4.19.0-26", "amd64")).create();
        api.simulator().nodes().resource(node("pi", false, "6.6.31", "arm")).create();
        vm = viewModel(kubeconfig("prod", api.server().url("/")));
        awaitIdle();

        assertThat(vm.contexts()).containsExactly("dev", "prod");
        assertThat(vm.selectedContextProperty().get()).isEqualTo("prod");

        vm.connect();
        awaitIdle();

        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.progressProperty().get()).isEqualTo("Connected to prod: 3 nodes.");
        assertThat(vm.nodes()).extracting(n -> n.summary().name()).containsExactlyInAnyOrder("worker-1", "old-kernel", "pi");
        NodeChoice worker = find("worker-1");
        assertThat(worker.summary().roles()).containsExactly("worker");
        assertThat(worker.blocked()).isFalse();
        assertThat(find("old-kernel").warnings()).anyMatch(w -> w.message().contains("4.19"));
        NodeChoice pi = find("pi");
        assertThat(pi.blocked()).as("arm is not an image architecture").isTrue();
        assertThat(pi.warnings()).extracting(NodeWarning::message).anyMatch(m -> m.contains("NotReady") || m.contains("not Ready"));

        vm.nodeFilterProperty().set("old");
        assertThat(vm.nodes()).extracting(n -> n.summary().name()).containsExactly("old-kernel");
    }

    private static Node labelled(String name, String role, String arch, String... more) {
        NodeBuilder b = new NodeBuilder(node(name, true, "6.8.0", arch));
        b.editMetadata().withLabels(new java.util.HashMap<>()).addToLabels("kubernetes.io/arch", arch)
                .addToLabels("node-role.kubernetes.io/" + role, "").endMetadata();
        for (int i = 0; i + 1 < more.length; i += 2) {
            b.editMetadata().addToLabels(more[i], more[i + 1]).endMetadata();
        }
        return b.build();
    }

    @Test
    void theNodeTableFiltersByNameOrLabel() throws Exception {
        api.simulator().nodes().resource(labelled("cp-1", "control-plane", "amd64")).create();
        api.simulator().nodes().resource(labelled("worker-1", "worker", "amd64", "gpu", "a100")).create();
        api.simulator().nodes().resource(labelled("worker-arm-1", "worker", "arm64", "role", "worker")).create();
        api.simulator().nodes().resource(labelled("edge-1", "edge", "arm64")).create();
        vm = viewModel(kubeconfig("prod", api.server().url("/")));
        awaitIdle();
        vm.connect();
        awaitIdle();
        assertThat(vm.nodes()).hasSize(4);

        assertThat(shownFor("role=worker")).containsExactlyInAnyOrder("worker-1", "worker-arm-1");
        assertThat(shownFor("kubernetes.io/arch=arm64")).containsExactlyInAnyOrder("worker-arm-1", "edge-1");
        assertThat(shownFor("role=worker kubernetes.io/arch=arm64")).containsExactly("worker-arm-1");
        assertThat(shownFor("role=worker, kubernetes.io/arch=amd64")).containsExactly("worker-1");
        assertThat(shownFor("gpu=")).containsExactly("worker-1");
        assertThat(shownFor("gpu=h100")).isEmpty();
        assertThat(shownFor("EDGE")).containsExactly("edge-1");
        assertThat(shownFor("kubernetes.io/arch=arm")).as("a label value matches exactly").isEmpty();
        assertThat(shownFor("  ")).hasSize(4);
    }

    private List<String> shownFor(String filter) {
        vm.nodeFilterProperty().set(filter);
        return vm.nodes().stream().map(n -> n.summary().name()).toList();
    }

    @Test
    void anUnreachableServerSaysSoAndWhatToDo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        vm = viewModel(kubeconfig("dev", "https://127.0.0.1:" + closedPort));
        awaitIdle();
        vm.connect();
        awaitIdle();
        assertThat(vm.problemProperty().get()).contains("127.0.0.1:" + closedPort).doesNotContain("Exception");
        assertThat(vm.nodes()).isEmpty();
    }

    @Test
    void aMissingKubeconfigIsExplainedBeforeAnythingElse() throws Exception {
        vm = viewModel(dir.resolve("nowhere.yaml"));
        awaitIdle();
        assertThat(vm.contexts()).isEmpty();
        assertThat(vm.problemProperty().get()).startsWith("No kubeconfig found.");
        vm.connect();
        assertThat(vm.busyProperty().get()).isFalse();
    }

    /** The screen is closed (Home) while a connect is under way: the connection that arrives then is closed, not shown. */
    @Test
    void aConnectionThatArrivesAfterTheScreenWasClosedIsClosedNotShown() throws Exception {
        api.simulator().nodes().resource(node("worker-1", true, "6.8.0", "amd64")).create();
        Path config = kubeconfig("prod", api.server().url("/"));
        CountDownLatch connecting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<SweptConnection> made = new CopyOnWriteArrayList<>();
        BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(),
                r -> { synchronized (uiQueue) { uiQueue.add(r); } });
        vm = new ClusterViewModel(() -> Kubeconfigs.load(config.toString(), dir), (k, context, progress, prompts) -> {
            connecting.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).as("the test lets the connect finish").isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            SweptConnection connection = new SweepingConnector(new ClusterConnector(k, ConnectionProblems.forThisProcess()),
                    Clock.systemUTC(), SensorSettings.defaults()).connect(context, progress);
            made.add(connection);
            return connection;
        }, tasks);
        awaitIdle();

        vm.connect();
        assertThat(connecting.await(10, TimeUnit.SECONDS)).isTrue();
        vm.close();
        release.countDown();

        pulseUntil(() -> !made.isEmpty() && made.getFirst().connection().client().getHttpClient().isClosed());
        assertThat(made).as("the connect went through on the API server").hasSize(1);
        assertThat(made.getFirst().connection().client().getHttpClient().isClosed()).as("its client is closed").isTrue();
        assertThat(vm.connectionProperty().get()).as("nothing shown on the closed screen").isNull();
        assertThat(vm.nodes()).isEmpty();
        assertThat(vm.progressProperty().get()).doesNotStartWith("Connected");
    }

    private NodeChoice find(String name) {
        return vm.nodes().stream().filter(n -> n.summary().name().equals(name)).findFirst().orElseThrow();
    }

    private Path pluginKubeconfig(Path plugin) throws Exception {
        return TestKubeconfig.write(dir.resolve("plugin-config"), "aks", api.server().url("/"), List.of(),
                TestKubeconfig.exec(plugin));
    }

    private Path deviceCodePlugin() throws Exception {
        return PluginScripts.deviceCode(dir, "QX7T-PL2M", "t", 60);
    }

    @Test
    void aDeviceCodePromptReachesTheViewModelWhileConnectWaitsForTheLogin() throws Exception {
        api.simulator().nodes().resource(node("worker-1", true, "6.8.0", "amd64")).create();
        Path plugin = deviceCodePlugin();
        vm = viewModel(pluginKubeconfig(plugin));
        awaitIdle();

        vm.connect();
        pulseUntil(() -> vm.pluginOutputProperty().get().contains("QX7T-PL2M"));

        assertThat(vm.pluginWaitingProperty().get()).isTrue();
        assertThat(vm.busyProperty().get()).as("connect waits for the plugin").isTrue();
        assertThat(vm.pluginOutputProperty().get()).contains("https://microsoft.com/devicelogin");
        assertThat(vm.pluginCommandProperty().get()).isEqualTo(plugin.toString());
        assertThat(vm.progressProperty().get()).contains("Getting credentials from `" + plugin + "`");

        Files.writeString(dir.resolve("signed-in"), "");
        awaitIdle();

        assertThat(vm.pluginWaitingProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.nodes()).extracting(n -> n.summary().name()).containsExactly("worker-1");
    }

    @Test
    void cancellingThePromptStopsThePluginAndTheConnect() throws Exception {
        vm = viewModel(pluginKubeconfig(deviceCodePlugin()));
        awaitIdle();
        vm.connect();
        pulseUntil(() -> vm.pluginOutputProperty().get().contains("QX7T-PL2M"));

        vm.cancelPlugin();
        awaitIdle();

        assertThat(vm.pluginWaitingProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).startsWith("Connecting was cancelled while `").contains("kubelogin")
                .contains("QX7T-PL2M");
        assertThat(vm.connectionProperty().get()).isNull();
    }

    @Test
    void aBlockingNodeTurnsStartOffWithTheReason() throws Exception {
        api.simulator().nodes().resource(node("worker-1", true, "6.8.0", "amd64")).create();
        api.simulator().nodes().resource(new NodeBuilder(node("win-1", true, "10.0.20348.2340", "amd64"))
                .editMetadata().addToLabels("kubernetes.io/os", "windows").endMetadata()
                .editStatus().editNodeInfo().withOperatingSystem("windows").endNodeInfo().endStatus().build()).create();
        vm = viewModel(kubeconfig("prod", api.server().url("/")));
        awaitIdle();
        vm.connect();
        awaitIdle();
        assertThat(vm.startBlockedProperty().get()).isEqualTo("Select the nodes to capture on.");

        vm.selectNodes(List.of(find("worker-1")));
        assertThat(vm.startBlockedProperty().get()).isEmpty();

        vm.selectNodes(List.of(find("worker-1"), find("win-1")));
        assertThat(vm.startBlockedProperty().get())
                .isEqualTo("Start capture is off: Node win-1 runs Windows. Deselect that node to start on the others.");

        vm.selectNodes(List.of(find("win-1")));
        assertThat(vm.startBlockedProperty().get()).isEqualTo("Start capture is off: Node win-1 runs Windows.");
    }

    @Test
    void aSweepThatCannotRunIsAWarningAndTheNodesStillCome() throws Exception {
        try (MockApiServer noSecrets = new MockApiServer(false, crud -> FrontDispatcher.before(crud, request ->
                request.getPath().startsWith("/api/v1/namespaces/nightjar/secrets")
                        ? FrontDispatcher.status(403, "Forbidden", "secrets is forbidden: User \"bob\" cannot list"
                                + " resource \"secrets\" in API group \"\" in the namespace \"nightjar\"")
                        : null))) {
            noSecrets.simulator().nodes().resource(node("worker-1", true, "6.8.0", "amd64")).create();
            vm = viewModel(kubeconfig("prod", noSecrets.server().url("/")));
            awaitIdle();
            vm.connect();
            awaitIdle();

            assertThat(vm.problemProperty().get()).isEmpty();
            assertThat(vm.nodes()).extracting(n -> n.summary().name()).containsExactly("worker-1");
            assertThat(vm.sweepProperty().get()).startsWith("⚠ The cleanup of sensors left behind by crashed sessions"
                    + " did not run").contains("User \"bob\" is not allowed to list secrets in namespace nightjar");
        }
    }
}
