package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes session path against the REAL sensor: {@code nightjar-sensor.jar serve}
 * runs as a process on this machine (root, real kernel, real eBPF); the mock API server's
 * pod {@code portforward} WebSocket is bridged to its port by {@link PortForwardBridge};
 * fabric8's real port-forward and the real gRPC client with the sensor's token carry its
 * events, made by real loopback TCP traffic, into the {@link CaptureStore}. Then the
 * bridge is killed mid-stream: the session must reconnect through a new forward and the
 * store must record the gap. Only the kubelet's half of the port-forward stands in.
 */
@KernelTest
class RealSensorPortForwardTest {

    private static final SessionId SESSION = new SessionId("real012345");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100_000, 4));
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private LocalSensor sensor;
    private PortForwardBridge bridge;
    private MockApiServer api;
    private SensorDeployment deployment;
    private ClusterSensorSession session;
    private LoopbackTraffic traffic;

    @BeforeEach
    void start() throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        Path jar = Requires.sensorJar();
        sensor = LocalSensor.start(jar, Path.of(System.getProperty("java.home")));
        bridge = new PortForwardBridge(sensor.address().port());
        api = new MockApiServer(false, bridge::around);
        api.simulator().nodes().resource(node("node-a")).create();
        deployment = new SensorDeployment(api.client(), new SessionPlan(SESSION, List.of("node-a"),
                PrivilegeMode.PRIVILEGED, SensorSettings.defaults()), clock, DeploymentListener.NONE,
                SessionToken.of(sensor.token()));
        deployment.deploy();
        ClusterFixtures.running(api.simulator(), NightjarLabels.NAMESPACE, SensorObjectNames.pod(SESSION, "node-a"));
        assertThat(deployment.awaitSettled(WAIT)).hasSize(1);
        traffic = LoopbackTraffic.start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (session != null) {
                session.close();
            }
            if (deployment != null) {
                deployment.stop(Duration.ofSeconds(5));
            }
        } finally {
            Closing.all(traffic, bridge, api, sensor);
        }
    }

    @Test
    void realSensorEventsCrossTheForwardAndAKilledBridgeShowsAsAReconnectWithTheGapRecorded() throws Exception {
        session = new ClusterSensorSession(api.client(), deployment, store, SubscribeRequest.newBuilder()
                .addKinds(EventKind.EVENT_KIND_FLOWS).build(),
                (node, state) -> states.add(state.phase().name()), clock);
        assertThat(session.start()).containsExactly("node-a");

        awaitWithTraffic(() -> flows() > 0, "the real sensor's first flow in the store");
        assertThat(bridge.requests()).containsExactly("GET /api/v1/namespaces/nightjar/pods/"
                + SensorObjectNames.pod(SESSION, "node-a") + "/portforward?ports=7700");
        SensorPortForward forward = session.forward("node-a").orElseThrow();
        int before = states.size();
        int flowsBefore = flows();

        bridge.breakWithError("error forwarding port 7700 to pod: connection reset by peer");

        awaitWithTraffic(() -> states.stream().skip(before).anyMatch("RECONNECTING"::equals), "RECONNECTING");
        awaitWithTraffic(() -> flows() > flowsBefore
                && session.state("node-a").map(StreamState::phase).orElse(null) == StreamState.Phase.STREAMING,
                "new flows after the reconnect");
        NodeCapture capture = store.node(store.nodeNames().getFirst()).orElseThrow();
        assertThat(capture.streamRestarts()).as("the gap is recorded, not hidden").isGreaterThanOrEqualTo(1);
        assertThat(forward.forwardsOpened()).as("a new forward replaced the dead one").isGreaterThanOrEqualTo(2);
        assertThat(bridge.linksOpened()).isGreaterThanOrEqualTo(2);
    }

    private int flows() {
        return store.nodeNames().stream().mapToInt(n -> store.node(n).map(c -> c.size(PayloadKind.FLOW)).orElse(0)).sum();
    }

    /** Makes traffic every 100 ms until the condition holds; at most {@link #WAIT}. */
    private void awaitWithTraffic(BooleanSupplier condition, String what) throws InterruptedException {
        traffic.awaitWhileMaking(condition, WAIT, () -> "no " + what + " within " + WAIT.toSeconds() + " s; states: " + states
                + "; nodes in store: " + store.nodeNames());
    }
}
