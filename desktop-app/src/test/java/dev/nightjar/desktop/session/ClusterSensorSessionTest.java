package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.desktop.stream.StreamState.Phase;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming half of a Kubernetes session end to end, over fabric8's real
 * port-forward code and the real gRPC client.
 *
 * <p>What is real: the desktop's {@link SensorDeployment} against fabric8's mock API
 * server in CRUD mode; fabric8's {@code portForward} (local listener, one
 * {@code v4.channel.k8s.io} WebSocket per connection); the JDK HTTP client's
 * WebSocket; the gRPC Netty client and {@code SensorStream}; real loopback TCP at
 * every hop. What stands in: the mock server has no kubelet, so {@link PortForwardBridge}
 * answers the pod's {@code portforward} WebSocket the way a kubelet does and bridges its
 * data channel to a TCP port; and the "local sensor" on that port is
 * {@link ScriptedSensorServer}, a gRPC server speaking {@code SensorService} with a
 * scripted handler, not the sensor process (the desktop module may not depend on
 * remote-sensor). So this tests the path to a sensor, not a sensor.
 */
class ClusterSensorSessionTest {

    private static final String NODE = "node-a";
    private static final List<String> NODES = List.of(NODE, "node-b", "node-c");
    private static final String OLD_SENSOR_NODE = "node-c";
    private static final SessionId SESSION = new SessionId("pfw0123456");
    private static final int EVENTS_PER_STREAM = 40;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SessionToken token = SessionToken.generate(new SecureRandom());
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 4));
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final List<StreamState> details = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    /** One scripted sensor per node, reached through that node's pod. */
    private final Map<String, ScriptedSensorServer> sensors = new LinkedHashMap<>();
    private PortForwardBridge bridge;
    private MockApiServer api;
    private SensorDeployment deployment;
    private ClusterSensorSession session;

    @BeforeEach
    void startCluster() throws Exception {
        Map<String, Integer> portOfPod = new HashMap<>();
        for (String n : NODES) {
            // node-c's sensor is an older one (protocol 1): a new choice subscribes it again.
            ScriptedSensorServer sensor = n.equals(OLD_SENSOR_NODE)
                    ? new ScriptedSensorServer(token.value(), n, EVENTS_PER_STREAM)
                    : ScriptedSensorServer.retargetable(token.value(), n, EVENTS_PER_STREAM);
            sensors.put(n, sensor);
            portOfPod.put(SensorObjectNames.pod(SESSION, n), sensor.port());
        }
        bridge = new PortForwardBridge(pod -> portOfPod.getOrDefault(pod, 1));
        api = new MockApiServer(false, bridge::around);
        NODES.forEach(n -> api.simulator().nodes().resource(node(n)).create());
    }

    /** Deploys on {@code running} (whose pods then run) and {@code unschedulable} (whose pods cannot). */
    private void deploy(List<String> running, List<String> unschedulable) throws Exception {
        deploy(running, unschedulable, Duration.ofSeconds(1));
    }

    /** @param leaseCheck how often the deployment's lease thread looks whether the lease is due */
    private void deploy(List<String> running, List<String> unschedulable, Duration leaseCheck) throws Exception {
        List<String> nodes = new ArrayList<>(running);
        nodes.addAll(unschedulable);
        deployment = new SensorDeployment(api.client(), new SessionPlan(SESSION, nodes, PrivilegeMode.PRIVILEGED,
                SensorSettings.defaults()), clock, DeploymentListener.NONE, token, leaseCheck);
        deployment.deploy();
        running.forEach(n -> ClusterFixtures.running(api.simulator(), NightjarLabels.NAMESPACE, pod(n)));
        unschedulable.forEach(n -> ClusterFixtures.unschedulable(api.simulator(), NightjarLabels.NAMESPACE, pod(n),
                "0/3 nodes are available: 1 node(s) had untolerated taint"));
        assertThat(deployment.awaitSettled(WAIT)).hasSize(nodes.size());
    }

    @AfterEach
    void stopCluster() throws Exception {
        try {
            if (session != null) {
                session.close();
            }
            if (deployment != null) {
                deployment.stop(Duration.ofSeconds(5));
            }
        } finally {
            bridge.close();
            for (ScriptedSensorServer sensor : sensors.values()) {
                sensor.close();
            }
            api.close();
        }
    }

    private String pod() {
        return pod(NODE);
    }

    private static String pod(String node) {
        return SensorObjectNames.pod(SESSION, node);
    }

    private ClusterSensorSession startSession(Duration leaseCheck) throws Exception {
        deploy(List.of(NODE), List.of(), leaseCheck);
        startSessionOnDeployment();
        assertThat(session.nodes()).containsExactly(NODE);
        return session;
    }

    private ClusterSensorSession startSessionOnDeployment() {
        session = new ClusterSensorSession(api.client(), deployment, store, SubscribeRequest.getDefaultInstance(),
                (node, state) -> {
                    states.add(node + " " + state.phase());
                    details.add(state);
                }, clock);
        session.start();
        return session;
    }

    @Test
    void eventsCrossTheRealPortForwardAndABrokenForwardIsReplacedWithTheGapVisible() throws Exception {
        startSession(Duration.ofSeconds(1));
        await(() -> drops() >= EVENTS_PER_STREAM, "the first batch in the store");
        assertThat(session.state(NODE)).map(StreamState::phase).contains(Phase.STREAMING);
        assertThat(bridge.requests()).containsExactly(
                "GET /api/v1/namespaces/nightjar/pods/" + pod() + "/portforward?ports=7700");
        SensorPortForward forward = session.forward(NODE).orElseThrow();
        int firstPort = forward.lastAddress().port();
        assertThat(forward.lastAddress().host()).isEqualTo("127.0.0.1");
        assertThat(forward.forwardsOpened()).isEqualTo(1);

        int before = states.size();
        bridge.breakWithError("error forwarding port 7700 to pod: connection reset by peer");

        await(() -> states.subList(before, states.size()).contains(NODE + " RECONNECTING"), "RECONNECTING");
        await(() -> drops() >= 2 * EVENTS_PER_STREAM, "the second batch in the store");
        List<String> after = states.subList(before, states.size());
        assertThat(after.indexOf(NODE + " RECONNECTING")).isLessThan(after.lastIndexOf(NODE + " STREAMING"));
        assertThat(session.state(NODE)).map(StreamState::phase).contains(Phase.STREAMING);

        NodeCapture capture = store.node(NODE).orElseThrow();
        assertThat(capture.streamRestarts()).as("the gap is recorded, not hidden").isGreaterThanOrEqualTo(1);
        assertThat(forward.forwardsOpened()).as("the dead forward was re-created").isGreaterThanOrEqualTo(2);
        assertThat(forward.lastProblem()).contains("connection reset by peer");
        assertThat(details).as("the session bar is told why and where the stream goes now")
                .anySatisfy(s -> assertThat(s.detail()).contains("port-forward to pod " + pod() + " broke")
                        .contains("connection reset by peer").contains("opened a new one on 127.0.0.1:"));
        assertThat(forward.lastAddress().port()).isNotEqualTo(firstPort);
        assertThat(bridge.linksOpened()).isGreaterThanOrEqualTo(2);
        assertThat(sensors.get(NODE).subscriptions()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyRunningPodGetsItsOwnForwardAndStreamAndAPodThatCannotRunNone() throws Exception {
        deploy(List.of("node-a", "node-b"), List.of("node-c"));
        startSessionOnDeployment();
        assertThat(session.nodes()).containsExactlyInAnyOrder("node-a", "node-b");

        await(() -> drops("node-a") >= EVENTS_PER_STREAM && drops("node-b") >= EVENTS_PER_STREAM,
                "both nodes' batches in the store");
        assertThat(store.nodeNames()).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(session.states()).containsOnlyKeys("node-a", "node-b")
                .allSatisfy((n, s) -> assertThat(s.phase()).isEqualTo(Phase.STREAMING));
        assertThat(session.forward("node-a").orElseThrow().lastAddress().port())
                .isNotEqualTo(session.forward("node-b").orElseThrow().lastAddress().port());
        assertThat(session.forward("node-c")).isEmpty();
        assertThat(bridge.requests()).containsExactlyInAnyOrder(
                "GET /api/v1/namespaces/nightjar/pods/" + pod("node-a") + "/portforward?ports=7700",
                "GET /api/v1/namespaces/nightjar/pods/" + pod("node-b") + "/portforward?ports=7700");
    }

    @Test
    void aWebSocketDroppedWithoutAnErrorAlsoReconnects() throws Exception {
        startSession(Duration.ofSeconds(1));
        await(() -> drops() >= EVENTS_PER_STREAM, "the first batch in the store");
        int before = states.size();

        bridge.dropAll();

        await(() -> states.subList(before, states.size()).contains(NODE + " RECONNECTING"), "RECONNECTING");
        await(() -> drops() >= 2 * EVENTS_PER_STREAM, "the second batch in the store");
        assertThat(session.state(NODE)).map(StreamState::phase).contains(Phase.STREAMING);
        assertThat(store.node(NODE).orElseThrow().streamRestarts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theLeaseIsRenewedWhileTheSessionIsOpen() throws Exception {
        startSession(Duration.ofMillis(50));
        String first = sessionLease();
        clock.advance(SensorSettings.defaults().leaseRenewal());
        await(() -> !first.equals(sessionLease()), "a renewed lease annotation on the session's secret");
        assertThat(LeaseTimes.parse(sessionLease()).orElseThrow())
                .isEqualTo(LeaseTimes.parse(LeaseTimes.format(clock.instant().plus(SensorSettings.defaults().lease())))
                        .orElseThrow());
    }

    /** The session's one lease: its Secret's expiry annotation (the pods name the Secret as their lease holder). */
    private String sessionLease() {
        return api.simulator().secrets().inNamespace(NightjarLabels.NAMESPACE).withName(SensorObjectNames.secret(SESSION))
                .get().getMetadata().getAnnotations().get(NightjarLabels.LEASE_EXPIRES);
    }

    @Test
    void closeStopsStreamsForwardsAndThreadsAndStopRemovesTheSensor() throws Exception {
        startSession(Duration.ofMillis(50));
        await(() -> drops() >= EVENTS_PER_STREAM, "the first batch in the store");
        SensorPortForward forward = session.forward(NODE).orElseThrow();

        TeardownReport report = session.stop(WAIT);

        assertThat(session.state(NODE)).map(StreamState::phase).contains(Phase.STOPPED);
        assertThat(forward.isAlive()).isFalse();
        await(() -> bridge.linksOpen() == 0, "every port-forward WebSocket closed");
        await(() -> liveThreads().isEmpty(), "no session or stream thread left (still alive when the wait began: "
                + liveThreads() + ")");
        assertThat(report.complete()).as(report.leftBehind().toString()).isTrue();
        assertThat(api.simulator().pods().inNamespace(NightjarLabels.NAMESPACE).list().getItems()).isEmpty();
        assertThat(store.node(NODE).orElseThrow().size(PayloadKind.DROP)).isEqualTo(EVENTS_PER_STREAM);
    }

    @Test
    void everyRequestOfAStreamingSessionIsAllowedByTheNightjarRoles() throws Exception {
        api.takeRequests();
        startSession(Duration.ofMillis(50));
        await(() -> drops() >= EVENTS_PER_STREAM, "the first batch in the store");
        clock.advance(SensorSettings.defaults().leaseRenewal());
        String first = sessionLease();
        await(() -> !first.equals(sessionLease()), "a renewed lease");
        bridge.breakWithError("error forwarding port 7700: connection reset by peer");
        await(() -> drops() >= 2 * EVENTS_PER_STREAM, "the second batch in the store");
        session.stop(WAIT);

        List<ApiRequestAttributes> made = api.takeRequests().stream()
                .filter(r -> !MockApiServer.fromSimulator(r))
                .map(r -> ApiRequestAttributes.of(r.getMethod(), r.getPath()))
                .toList();
        assertThat(made).extracting(a -> a.verb() + " " + a.resource() + "/" + a.subresource())
                .contains("get pods/portforward", "patch secrets/null", "delete pods/null");
        RbacRules rules = RbacRules.load(RbacRulesTest.rbacDir());
        assertThat(made.stream().filter(a -> !rules.allows(a)).map(ApiRequestAttributes::describe).toList())
                .as("requests the roles in packaging/rbac/ do not allow").isEmpty();
    }

    /**
     * The pages' "Trace syscalls of this process" in a cluster session, through the workbench's
     * choice (what the shell wires) to the session: only the sensor of the node the process was
     * seen on is asked, on its open stream; the other node keeps its subscription.
     */
    @Test
    void aChoiceOnOneNodeChangesOnlyThatNodesSubscriptionOnItsOpenStream() throws Exception {
        streamingFrom("node-a", "node-b");
        try (WorkbenchViewModel vm = clusterWorkbench()) {
            vm.traceActions().traceSyscalls(TaskChoice.process("node-b", 4242, "nginx"));

            assertThat(vm.targetProblemProperty().get()).isEmpty();
            assertThat(vm.targetDoneProperty().get())
                    .isEqualTo("Tracing syscalls of nginx (4242) on node-b: the sensor now sends what was chosen");
            assertThat(sensors.get("node-b").updates()).singleElement().satisfies(u -> {
                assertThat(u.getSubscriptionId()).isEqualTo(ScriptedSensorServer.SUBSCRIPTION_ID);
                assertThat(u.getTargets().getSyscalls().getTasks().getPidsList()).containsExactly(4242);
                assertThat(u.getTargets().getSyscalls().getTasks().getWholeNode()).isFalse();
            });
            assertThat(sensors.get("node-a").updates()).as("node-a is not asked").isEmpty();
            assertThat(sensors.get("node-a").subscriptions()).as("nor subscribed again").isEqualTo(1);
            assertThat(sensors.get("node-b").subscriptions()).as("node-b's stream stays open").isEqualTo(1);

            vm.traceActions().traceSyscalls(TaskChoice.wholeNode("node-a"));

            assertThat(sensors.get("node-a").updates()).singleElement()
                    .satisfies(u -> assertThat(u.getTargets().getSyscalls().getTasks().getWholeNode()).isTrue());
            assertThat(sensors.get("node-b").updates()).as("node-b keeps its process").hasSize(1);
            assertThat(vm.targetsProperty().get().of("node-b").syscalls().pids()).containsExactly(4242);
            assertThat(vm.targetsProperty().get().describe()).isEqualTo(
                    "node-a: syscalls of the whole node · CPU profile of the whole node; node-b: syscalls of nginx"
                            + " (4242) · CPU profile of the whole node; other nodes: no syscalls traced · CPU profile"
                            + " of the whole node");
        }
    }

    /** An older sensor takes no change in place: its node alone is subscribed again, with the one Filter it reads. */
    @Test
    void anOlderSensorsNodeIsSubscribedAgainWithTheChosenFilterAndTheOtherNodeIsNot() throws Exception {
        streamingFrom("node-a", OLD_SENSOR_NODE);
        SubscribeRequest next = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process(OLD_SENSOR_NODE, 77, "java"))
                .request();

        assertThat(session.retarget(OLD_SENSOR_NODE, next)).isEqualTo("subscribed again with the new choice");

        ScriptedSensorServer old = sensors.get(OLD_SENSOR_NODE);
        await(() -> old.subscribed().size() == 2, "node-c's second subscription");
        assertThat(old.subscribed().get(1).getFilter().getPidsList()).containsExactly(77);
        assertThat(sensors.get("node-a").subscribed()).as("node-a keeps its one subscription")
                .containsExactly(SubscribeRequest.getDefaultInstance());
        assertThat(sensors.get("node-a").updates()).isEmpty();
    }

    @Test
    void aChoiceThatNamesNoNodeOrAnotherSessionsNodeIsRefusedAndNoSensorIsAsked() throws Exception {
        streamingFrom("node-a", "node-b");
        SubscribeRequest pid1 = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("", 1, "init")).request();

        assertThatThrownBy(() -> session.retarget("", pid1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not say on which node it was made, so no node was asked");
        assertThatThrownBy(() -> session.retarget("node-z", pid1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node node-z is not in this session (its nodes: node-a, node-b); nothing was changed");
        try (WorkbenchViewModel vm = clusterWorkbench()) {
            vm.traceActions().traceSyscalls(TaskChoice.process("", 1, "init"));
            assertThat(vm.targetProblemProperty().get()).contains("does not say on which node it was made");
            assertThat(vm.targetsProperty().get().byNode()).as("nothing changed").isEmpty();
        }
        for (String n : List.of("node-a", "node-b")) {
            assertThat(sensors.get(n).updates()).as(n).isEmpty();
            assertThat(sensors.get(n).subscriptions()).as(n).isEqualTo(1);
        }
    }

    /** A session over two running nodes, once both nodes' first batches are in the store. */
    private void streamingFrom(String first, String second) throws Exception {
        deploy(List.of(first, second), List.of());
        startSessionOnDeployment();
        await(() -> drops(first) >= EVENTS_PER_STREAM && drops(second) >= EVENTS_PER_STREAM,
                "both nodes' batches in the store");
    }

    /** A live workbench over this session, its choices handed to the session as the shell hands them (here at once). */
    private WorkbenchViewModel clusterWorkbench() {
        WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "cluster", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run);
        vm.useRetargeter((node, next, done, failed) -> {
            try {
                done.accept(session.retarget(node, next.request()));
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }, TargetsByNode.cluster(2));
        return vm;
    }

    private List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals(ClusterSensorSession.THREAD_NAME) || n.equals("nightjar-sensor-stream")
                        || n.equals("test-portforward-pump"))
                .toList();
    }

    private int drops() {
        return drops(NODE);
    }

    private int drops(String node) {
        return store.node(node).map(n -> n.size(PayloadKind.DROP)).orElse(0);
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; states: " + states
                + "; forward: " + (session == null ? null : session.forward(NODE).map(SensorPortForward::lastProblem)));
    }
}
