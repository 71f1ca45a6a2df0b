package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A REAL sensor that idle-exits mid-session: {@code nightjar-sensor.jar serve --idle-exit 3s}
 * runs on this machine (root, real eBPF) behind the mock API server's port-forward bridge. The
 * desktop's network goes away (every forwarded connection fails, as with a laptop asleep), the
 * sensor sees no client for 3 s and exits by itself, and the test — playing the kubelet —
 * reports the pod Completed with the process's own exit code. The desktop must say the sensor
 * is gone (not reconnect forever), and Redeploy must bring a new sensor whose real flows reach
 * the store.
 */
@KernelTest
class RealSensorIdleExitTest {

    private static final SessionId SESSION = new SessionId("idle000001");
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String NS = NightjarLabels.NAMESPACE;

    private final SessionToken token = SessionToken.generate();
    private final Map<String, LocalSensor> sensorByPod = new ConcurrentHashMap<>();
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100_000, 4));
    private PortForwardBridge bridge;
    private MockApiServer api;
    private SensorDeployment deployment;
    private ClusterSensorSession session;
    private LoopbackTraffic traffic;

    @AfterEach
    void stop() throws Exception {
        try {
            if (session != null) {
                session.stop(Duration.ofSeconds(10));
            }
        } finally {
            Closing.all(traffic, bridge, api, Closing.each(sensorByPod.values()));
        }
    }

    /** The kubelet starting a pod: a real sensor process for it, with the session's token. */
    private void startSensorFor(String pod, Path jar) throws Exception {
        sensorByPod.put(pod, LocalSensor.start(jar, Path.of(System.getProperty("java.home")),
                List.of("--idle-exit", "3s", "--node-name", "node-a"), token.value()));
        ClusterFixtures.running(api.simulator(), NS, pod);
    }

    @Test
    void aSensorThatIdleExitsIsReportedGoneAndARedeployStreamsRealFlowsAgain() throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        Path jar = Requires.sensorJar();
        bridge = new PortForwardBridge(pod -> sensorByPod.containsKey(pod) ? sensorByPod.get(pod).address().port() : 1);
        api = new MockApiServer(false, bridge::around);
        api.simulator().nodes().resource(node("node-a")).create();
        traffic = LoopbackTraffic.start();

        deployment = new SensorDeployment(api.client(), new SessionPlan(SESSION, List.of("node-a"),
                PrivilegeMode.PRIVILEGED, SensorSettings.defaults()), Clock.systemUTC(), DeploymentListener.NONE,
                token, Duration.ofSeconds(1));
        deployment.deploy();
        String first = SensorObjectNames.pod(SESSION, "node-a");
        startSensorFor(first, jar);
        deployment.awaitFirstRunning(WAIT);
        session = new ClusterSensorSession(api.client(), deployment, store, SubscribeRequest.newBuilder()
                .addKinds(EventKind.EVENT_KIND_FLOWS).build(),
                (node, state) -> states.add(state.phase() + " " + state.detail()), Clock.systemUTC());
        assertThat(session.start()).containsExactly("node-a");
        LaunchBoard board = session.board();
        awaitWithTraffic(() -> flows() > 0, "the real sensor's first flows");

        // The laptop goes to sleep: no forwarded connection gets through; the sensor idles out.
        bridge.refuse(true);
        awaitWithTraffic(() -> !sensorByPod.get(first).isAlive(), "the sensor's idle exit");
        int exit = sensorByPod.get(first).exitCode().orElseThrow();
        assertThat(exit).as("an idle exit is a clean exit").isZero();
        ClusterFixtures.setStatus(api.simulator(), NS, first, b -> b.withNewStatus().withPhase("Succeeded")
                .addNewContainerStatus().withName("sensor").withNewState().withNewTerminated().withExitCode(exit)
                .withReason("Completed").endTerminated().endState().endContainerStatus().endStatus());
        bridge.refuse(false); // the laptop wakes up

        awaitWithTraffic(() -> board.row("node-a").step() == LaunchStep.GONE, "the sensor reported gone");
        assertThat(board.row("node-a").reason()).isEqualTo("the sensor on node-a is gone (pod Completed: idle exit)");
        assertThat(session.nodes()).isEmpty();
        int statesWhenGone = states.size();
        Thread.sleep(3000);
        assertThat(states.subList(statesWhenGone, states.size())).as("no reconnecting to a sensor that is gone")
                .noneMatch(s -> s.startsWith("RECONNECTING"));

        // Redeploy: a new pod, which the kubelet (the test) starts with a new real sensor.
        int flowsBefore = flows();
        deployment.redeploy("node-a");
        String second = SensorObjectNames.pod(SESSION, "node-a", 2);
        startSensorFor(second, jar);
        awaitWithTraffic(() -> board.row("node-a").step() == LaunchStep.STREAMING && flows() > flowsBefore,
                "new real flows from the redeployed sensor");
        assertThat(board.row("node-a").pod()).isEqualTo(second);
        assertThat(bridge.requests()).anySatisfy(r -> assertThat(r).contains("/pods/" + second + "/portforward"));
    }

    private int flows() {
        return store.nodeNames().stream().mapToInt(n -> store.node(n).map(c -> c.size(PayloadKind.FLOW)).orElse(0)).sum();
    }

    /** Makes traffic every 100 ms until the condition holds; at most {@link #WAIT}. */
    private void awaitWithTraffic(BooleanSupplier condition, String what) throws InterruptedException {
        traffic.awaitWhileMaking(condition, WAIT, () -> "no " + what + " within " + WAIT.toSeconds() + " s; states: " + states);
    }
}
