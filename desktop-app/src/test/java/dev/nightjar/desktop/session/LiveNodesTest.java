package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static dev.nightjar.desktop.session.ClusterFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A capture's nodes as they really come and go, end to end over fabric8's port-forward, the
 * gRPC client and scripted sensors behind the mock API server's port-forward bridge: a node
 * refused at create while the others stream, a node whose pod runs only later (it was
 * NotReady), and a sensor that ends mid-session, reported as gone and redeployed.
 */
class LiveNodesTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int EVENTS = 20;

    private final SessionToken token = SessionToken.generate();
    private final Map<String, ScriptedSensorServer> sensorByPodPrefix = new ConcurrentHashMap<>();
    private final Map<String, FakeKubelet.Answer> kubeletByNode = new ConcurrentHashMap<>();
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 4));
    private PortForwardBridge bridge;
    private MockApiServer api;
    private FakeKubelet kubelet;
    private CaptureLauncher.Launched launched;

    @BeforeEach
    void startCluster() {
        bridge = new PortForwardBridge(pod -> sensorByPodPrefix.entrySet().stream()
                .filter(e -> pod.startsWith(e.getKey())).map(e -> e.getValue().port()).findFirst().orElse(1));
        api = new MockApiServer(false, bridge::around);
        List.of("node-a", "node-b", "node-c").forEach(n -> api.simulator().nodes().resource(node(n)).create());
        kubelet = new FakeKubelet(api.simulator(), NS, n -> kubeletByNode.getOrDefault(n, FakeKubelet.Answer.RUN));
    }

    @AfterEach
    void stopCluster() throws Exception {
        try {
            if (launched != null) {
                launched.stop(Duration.ofSeconds(10));
            }
        } finally {
            kubelet.close();
            bridge.close();
            for (ScriptedSensorServer s : sensorByPodPrefix.values()) {
                s.close();
            }
            api.close();
        }
    }

    private SessionPlan plan(String id, List<String> nodes) throws Exception {
        SessionPlan plan = new SessionPlan(new SessionId(id), nodes, PrivilegeMode.PRIVILEGED, SensorSettings.defaults());
        for (String n : nodes) {
            sensorByPodPrefix.put(SensorObjectNames.pod(plan.id(), n), new ScriptedSensorServer(token.value(), n, EVENTS));
        }
        return plan;
    }

    private CaptureLauncher.Launched launch(SessionPlan plan) throws Exception {
        launched = new CaptureLauncher(api.client(), Clock.systemUTC(), WAIT, Duration.ofMillis(200))
                .launch(plan, store, SubscribeRequest.getDefaultInstance(), line -> { },
                        (node, state) -> states.add(node + " " + state.phase() + " " + state.detail()),
                        new LaunchBoard(plan.nodes(), Clock.systemUTC()), token);
        return launched;
    }

    @Test
    void aNodeRefusedAtCreateLeavesTheOthersStreaming() throws Exception {
        api.server().expect().post().withPath("/api/v1/namespaces/nightjar/pods")
                .andReturn(400, status(400, "BadRequest", "admission webhook \"nodes.policy.example\" denied the request:"
                        + " sensors are not allowed on this node pool"))
                .once();
        SessionPlan plan = plan("rejected01", List.of("node-a", "node-b", "node-c"));

        LaunchBoard board = launch(plan).board().orElseThrow();

        await(() -> board.rows().stream().filter(r -> r.step() == LaunchStep.STREAMING).count() == 2,
                "the two other nodes streaming");
        List<NodeLaunch> rejected = board.rows().stream().filter(r -> r.step() == LaunchStep.REJECTED).toList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("The admission webhook \"nodes.policy.example\" denied the sensor pod")
                    .contains("sensors are not allowed on this node pool");
            assertThat(r.redeployable()).isTrue();
        });
        String refused = rejected.getFirst().node();
        await(() -> plan.nodes().stream().filter(n -> !n.equals(refused)).allMatch(n -> drops(n) >= EVENTS),
                "both streaming nodes' events in the store");
        assertThat(launched.notStreaming()).anySatisfy(l -> assertThat(l).startsWith(refused + ": The admission webhook"));
        assertThat(api.simulator().pods().inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    void aPodOnANodeThatWasNotReadyJoinsWhenItRuns() throws Exception {
        api.simulator().nodes().withName("node-b").edit(n -> new NodeBuilder(n).editStatus().withConditions()
                .addNewCondition().withType("Ready").withStatus("False").withReason("KubeletNotReady")
                .withMessage("container runtime network not ready").endCondition().endStatus().build());
        kubeletByNode.put("node-b", FakeKubelet.Answer.HOLD);
        SessionPlan plan = plan("joinlate01", List.of("node-a", "node-b"));

        LaunchBoard board = launch(plan).board().orElseThrow();

        await(() -> board.row("node-a").step() == LaunchStep.STREAMING, "node-a streaming");
        await(() -> board.row("node-b").step() == LaunchStep.NOT_READY, "node-b shown NotReady");
        assertThat(board.row("node-b").reason()).contains("node node-b is NotReady (KubeletNotReady: container runtime"
                + " network not ready)");
        assertThat(launched.notStreaming()).anySatisfy(l -> assertThat(l).startsWith("node-b: node node-b is NotReady"));

        // The node recovers and its kubelet starts the pod, long after the capture opened.
        api.simulator().nodes().withName("node-b").edit(n -> new NodeBuilder(n).editStatus().withConditions()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
        ClusterFixtures.running(api.simulator(), NS, SensorObjectNames.pod(plan.id(), "node-b"));

        await(() -> board.row("node-b").step() == LaunchStep.STREAMING, "node-b joining the capture");
        await(() -> drops("node-b") >= EVENTS, "node-b's events in the store");
        assertThat(launched.session().nodes()).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void aSensorThatEndsIsGoneInsteadOfReconnectingAndARedeployStreamsAgain() throws Exception {
        SessionPlan plan = plan("gone000001", List.of("node-a", "node-b"));
        LaunchBoard board = launch(plan).board().orElseThrow();
        await(() -> board.rows().stream().allMatch(r -> r.step() == LaunchStep.STREAMING), "both nodes streaming");
        await(() -> drops("node-a") >= EVENTS, "node-a's first events");

        // node-a's sensor exits after its idle timeout (the laptop slept): the process ends, then the
        // kubelet reports the pod Completed.
        String podA = SensorObjectNames.pod(plan.id(), "node-a");
        sensorByPodPrefix.get(podA).close();
        ClusterFixtures.setStatus(api.simulator(), NS, podA, b -> b.withNewStatus().withPhase("Succeeded")
                .addNewContainerStatus().withName("sensor").withNewState().withNewTerminated().withExitCode(0)
                .withReason("Completed").endTerminated().endState().endContainerStatus().endStatus());

        await(() -> board.row("node-a").step() == LaunchStep.GONE, "node-a's sensor gone");
        NodeLaunch gone = board.row("node-a");
        assertThat(gone.reason()).isEqualTo("the sensor on node-a is gone (pod Completed: idle exit)");
        assertThat(gone.redeployable()).isTrue();
        // the session bar is told too (after the table: the stream is closed first)
        await(() -> states.stream().anyMatch(s -> s.startsWith("node-a FAILED the sensor on node-a is gone"
                + " (pod Completed: idle exit)")), "the session bar told the sensor is gone");
        assertThat(launched.session().nodes()).containsExactly("node-b");
        long reconnectsWhenGone = states.stream().filter(s -> s.startsWith("node-a RECONNECTING")).count();
        Thread.sleep(3000); // longer than two reconnect backoffs: a dead sensor is not retried
        assertThat(states.stream().filter(s -> s.startsWith("node-a RECONNECTING")).count()).isEqualTo(reconnectsWhenGone);
        assertThat(board.row("node-b").step()).isEqualTo(LaunchStep.STREAMING);

        // Redeploy: a new pod for node-a, a new sensor in it (the kubelet starts it), streaming again.
        String redeployed = SensorObjectNames.pod(plan.id(), "node-a", 2);
        sensorByPodPrefix.put(podA, new ScriptedSensorServer(token.value(), "node-a", EVENTS));
        launched.redeploy("node-a");

        await(() -> board.row("node-a").step() == LaunchStep.STREAMING, "node-a streaming after the redeploy");
        assertThat(board.row("node-a").pod()).isEqualTo(redeployed);
        await(() -> drops("node-a") >= 2 * EVENTS, "the redeployed sensor's events");
        assertThat(api.simulator().pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(redeployed, SensorObjectNames.pod(plan.id(), "node-b"));
        assertThat(api.simulator().secrets().inNamespace(NS).withName(SensorObjectNames.secret(plan.id())).get()
                .getMetadata().getOwnerReferences()).extracting(o -> o.getName())
                .containsExactlyInAnyOrder(redeployed, SensorObjectNames.pod(plan.id(), "node-b"));
        assertThat(launched.session().state("node-a")).map(StreamState::phase).contains(StreamState.Phase.STREAMING);
    }

    private int drops(String node) {
        return store.node(node).map(n -> n.size(PayloadKind.DROP)).orElse(0);
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        Polling.await(condition, WAIT, what, () -> "board: " + (launched == null ? "-" : launched.board().orElseThrow().rows())
                + "; states: " + states);
    }
}
