package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.ClientOptions;
import dev.nightjar.desktop.cluster.ExecPluginTimeouts;
import dev.nightjar.desktop.cluster.ExecutableLookup;
import dev.nightjar.desktop.cluster.Kubeconfigs;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.cluster.PluginPrompts;
import dev.nightjar.desktop.cluster.PluginScripts;
import dev.nightjar.desktop.cluster.TestKubeconfig;
import dev.nightjar.desktop.cluster.TokenGate;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole session on a cluster whose credential plugin hands out tokens that expire every two
 * seconds (EKS's 15 minutes, compressed), with the mock API server (CRUD) behind a
 * {@link TokenGate} that accepts only the plugin's latest unexpired token: the session's
 * client comes from a kubeconfig context as the app builds it; the launch, the lease
 * renewals, the port-forward re-opened after a break (a WebSocket upgrade, which must carry
 * a fresh token too) and Stop all happen after the first token has long run out.
 */
class ExpiringTokenSessionTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final int LIFE_SECONDS = 2;
    private static final int EVENTS = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final SessionToken token = SessionToken.generate();
    private final Map<String, ScriptedSensorServer> sensorByPod = new ConcurrentHashMap<>();
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 4));
    private Path pluginDir;
    private TokenGate gate;
    private PortForwardBridge bridge;
    private MockApiServer api;
    private FakeKubelet kubelet;
    private KubernetesClient desktop;
    private CaptureLauncher.Launched launched;

    @BeforeEach
    void startCluster() throws Exception {
        pluginDir = dir.resolve("plugin");
        Files.createDirectories(pluginDir);
        gate = new TokenGate(pluginDir);
        bridge = new PortForwardBridge(pod -> sensorByPod.containsKey(pod) ? sensorByPod.get(pod).port() : 1);
        // The gate is in front of everything the desktop sends, port-forward upgrades included.
        api = new MockApiServer(false, crud -> gate.around(bridge.around(crud)));
        List.of("node-a", "node-b").forEach(n -> api.simulator().nodes().resource(node(n)).create());
        kubelet = new FakeKubelet(api.simulator(), NS, n -> FakeKubelet.Answer.RUN);
        Path kubeconfig = TestKubeconfig.write(dir.resolve("config"), "eks", api.server().url("/"), List.of(),
                TestKubeconfig.exec(PluginScripts.expiring(pluginDir, LIFE_SECONDS), "interactiveMode: Never"));
        desktop = Kubeconfigs.load(kubeconfig.toString(), dir).clientFor("eks", new ClientOptions(Map.of(),
                PluginPrompts.NONE, new ExecPluginTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20)),
                new ExecutableLookup("", false), Clock.systemUTC()));
    }

    @AfterEach
    void stopCluster() throws Exception {
        // closed last to first, after the session has stopped
        try (AutoCloseable cluster = api; AutoCloseable forwards = bridge; AutoCloseable node = kubelet;
             AutoCloseable client = desktop) {
            if (launched != null) {
                launched.stop(Duration.ofSeconds(10));
            }
        } finally {
            for (ScriptedSensorServer s : sensorByPod.values()) {
                s.close();
            }
        }
    }

    @Test
    void aSessionOutlivesSeveralTokensRenewsItsLeaseReopensItsForwardAndStopRemovesEverything() throws Exception {
        // A 6 s lease renewed every second: the token runs out three times per lease.
        SensorSettings settings = SensorSettings.defaults().withLease(Duration.ofSeconds(6), Duration.ofSeconds(1));
        SessionPlan plan = new SessionPlan(new SessionId("expiring01"), List.of("node-a", "node-b"),
                PrivilegeMode.PRIVILEGED, settings);
        for (String n : plan.nodes()) {
            sensorByPod.put(SensorObjectNames.pod(plan.id(), n), new ScriptedSensorServer(token.value(), n, EVENTS));
        }
        LaunchBoard board = new LaunchBoard(plan.nodes(), Clock.systemUTC());
        launched = new CaptureLauncher(desktop, Clock.systemUTC(), WAIT, Duration.ofMillis(200)).launch(plan, store,
                SubscribeRequest.getDefaultInstance(), progress::add,
                (node, state) -> states.add(node + " " + state.phase() + " " + state.detail()), board, token);
        await(() -> board.rows().stream().allMatch(r -> r.step() == LaunchStep.STREAMING), "both nodes streaming");
        await(() -> drops("node-a") >= EVENTS && drops("node-b") >= EVENTS, "both nodes' first events");
        String tokenAtStart = gate.accepted().getLast();

        // Four token lives: the lease is renewed with whatever token is current, and never runs out.
        String secret = SensorObjectNames.secret(plan.id());
        List<Instant> leases = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(4L * LIFE_SECONDS + 1).toNanos();
        while (System.nanoTime() < end) {
            Instant lease = lease(secret);
            assertThat(lease).as("the lease read at %s", Instant.now()).isAfter(Instant.now());
            if (leases.isEmpty() || !leases.getLast().equals(lease)) {
                leases.add(lease);
            }
            Thread.sleep(200);
        }
        assertThat(leases).as("lease expiries seen while tokens came and went").hasSizeGreaterThanOrEqualTo(4)
                .isSorted();
        Set<String> tokens = new LinkedHashSet<>(gate.accepted());
        assertThat(tokens).as("tokens the server accepted").hasSizeGreaterThanOrEqualTo(4);
        assertThat(progress).noneSatisfy(line -> assertThat(line).contains("Could not renew the lease"));

        // The API server drops every port-forward (as on a restart): the forwards are opened again,
        // long after the token they were first opened with has expired.
        assertThat(gate.accepted().getLast()).isNotEqualTo(tokenAtStart);
        int forwardsBefore = bridge.linksOpened();
        bridge.dropAll();
        await(() -> drops("node-a") >= 2 * EVENTS && drops("node-b") >= 2 * EVENTS,
                "events of the second subscription on both nodes");
        assertThat(bridge.linksOpened()).isGreaterThan(forwardsBefore);
        assertThat(states).anySatisfy(s -> assertThat(s).startsWith("node-a RECONNECTING"));
        assertThat(launched.session().nodes()).containsExactlyInAnyOrder("node-a", "node-b");

        // Stop, with yet another token: everything the session created is gone.
        Thread.sleep(Duration.ofSeconds(LIFE_SECONDS));
        TeardownReport report = launched.stop(SensorDeployment.TEARDOWN);
        launched = null;
        assertThat(report.complete()).as("teardown complete: %s", report).isTrue();
        assertThat(report.leftovers()).isEmpty();
        assertThat(api.simulator().pods().inAnyNamespace().withLabel(NightjarLabels.SESSION, plan.id().value()).list()
                .getItems()).isEmpty();
        assertThat(api.simulator().secrets().inAnyNamespace().withLabel(NightjarLabels.SESSION, plan.id().value()).list()
                .getItems()).isEmpty();
        assertThat(PluginScripts.count(pluginDir)).as("plugin runs").isGreaterThanOrEqualTo(tokens.size() + 1);
    }

    private Instant lease(String secret) {
        Secret s = api.simulator().secrets().inNamespace(NS).withName(secret).get();
        return Instant.parse(s.getMetadata().getAnnotations().get(NightjarLabels.LEASE_EXPIRES));
    }

    private int drops(String node) {
        return store.node(node).map(n -> n.size(PayloadKind.DROP)).orElse(0);
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        Polling.await(condition, WAIT, what, () -> "board: " + (launched == null ? "-" : launched.board().orElseThrow().rows())
                + "; states: " + states + "; progress: " + progress + "; 401s: " + gate.unauthorized());
    }
}
