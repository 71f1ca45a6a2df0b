package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's lease against a mock API server that stamps its answers with its own clock
 * ({@link ApiServerBehaviour}): renewed while the pods are still starting, written and
 * judged in the server's time whatever the laptops' clocks say.
 */
class SessionLeaseTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MutableClock server = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ApiServerBehaviour behaviour = new ApiServerBehaviour().serverClock(server);
    private final List<KubernetesClient> desktops = new ArrayList<>();
    private MockApiServer api;

    @BeforeEach
    void startCluster() {
        api = new MockApiServer(false, behaviour::around);
        List.of("node-a", "node-b").forEach(n -> api.simulator().nodes().resource(node(n)).create());
    }

    @AfterEach
    void stopCluster() {
        desktops.forEach(KubernetesClient::close);
        api.close();
    }

    private KubernetesClient desktop() {
        KubernetesClient c = api.server().createClient(new JdkHttpClientFactory());
        desktops.add(c);
        return c;
    }

    @Test
    void aColleaguesSweepDuringASlowStartLeavesTheStartingSessionAlone() throws Exception {
        SessionPlan plan = new SessionPlan(new SessionId("slowstart1"), List.of("node-a", "node-b"),
                PrivilegeMode.PRIVILEGED, SensorSettings.defaults(), "prod");
        List<String> progress = new CopyOnWriteArrayList<>();
        // Desktop A starts a capture; its pods stay Pending (a slow image pull): the launch waits.
        CaptureLauncher launcher = new CaptureLauncher(desktop(), server, Duration.ofSeconds(60), Duration.ofMillis(50));
        // On a thread of its own: fabric8's JDK client finishes responses on the common pool, which a
        // blocked launch must not occupy (on a 2-core machine that pool has one worker).
        CompletableFuture<CaptureLauncher.Launched> launch = new CompletableFuture<>();
        Thread.ofPlatform().name("test-launch").start(() -> {
            try {
                launch.complete(launcher.launch(plan, new CaptureStore(StoreLimits.defaults()),
                        SubscribeRequest.getDefaultInstance(), progress::add, ClusterSensorSession.StateListener.NONE));
            } catch (Exception e) {
                launch.completeExceptionally(e);
            }
        });
        String secret = SensorObjectNames.secret(plan.id());
        await(() -> podsOf(plan).size() == 2, "both sensor pods created");
        String first = lease(secret);
        await(() -> progress.contains("Waiting for the sensor pods to start"), "the launch waiting for its pods");

        // Two minutes pass on every clock: desktop A renews while its pods are still Pending...
        server.advance(Duration.ofMinutes(2));
        await(() -> !first.equals(lease(secret)), "a renewed lease while the pods are still starting");
        // ...and two more: the first lease (3 min) has run out; the renewed one has not.
        server.advance(Duration.ofMinutes(2));
        assertThat(Instant.parse(first)).isBefore(server.instant());

        SweepReport colleague = new OrphanSweeper(desktop(), server, SensorSettings.defaults()).sweep();

        assertThat(colleague.removed()).isEmpty();
        assertThat(colleague.keptLive()).containsExactlyInAnyOrder("secret " + NS + "/" + secret,
                "pod " + NS + "/" + SensorObjectNames.pod(plan.id(), "node-a"),
                "pod " + NS + "/" + SensorObjectNames.pod(plan.id(), "node-b"));
        assertThat(podsOf(plan)).hasSize(2);
        assertThat(launch).isNotDone();

        // The pods never come: the launch gives up and removes what it created.
        plan.nodes().forEach(n -> ClusterFixtures.unschedulable(api.simulator(), NS, SensorObjectNames.pod(plan.id(), n),
                "0/2 nodes are available: 2 Insufficient memory."));
        // (the wait ends at once, then the teardown runs: give both time on a loaded machine)
        assertThat(launch).failsWithin(Duration.ofSeconds(60)).withThrowableThat()
                .withMessageContaining("No sensor pod is running");
        assertThat(podsOf(plan)).isEmpty();
    }

    @Test
    void aLeaseWrittenOnAFastLaptopIsJudgedByTheServersClockOnASlowOne() throws Exception {
        MutableClock behind = new MutableClock(server.instant().minus(Duration.ofMinutes(10)));
        MutableClock ahead = new MutableClock(server.instant().plus(Duration.ofMinutes(10)));
        SessionPlan plan = new SessionPlan(new SessionId("skewed0001"), List.of("node-a"), PrivilegeMode.PRIVILEGED,
                SensorSettings.defaults());
        SensorDeployment a = new SensorDeployment(desktop(), plan, behind, DeploymentListener.NONE,
                SessionToken.generate(), Duration.ofHours(1));
        a.deploy();

        // A's clock is ten minutes behind, yet its lease is three minutes past the server's now.
        Instant written = Instant.parse(lease(SensorObjectNames.secret(plan.id())));
        assertThat(written.getEpochSecond()).isCloseTo(server.instant().plus(Duration.ofMinutes(3)).getEpochSecond(),
                within(2L));
        assertThat(a.serverClock().fromServer()).isTrue();
        assertThat(a.serverClock().offset().toSeconds()).isCloseTo(600L, within(2L));

        // B's clock is ten minutes ahead: by its own clock A's lease ran out seven minutes ago.
        assertThat(written).isBefore(ahead.instant());
        SweepReport early = new OrphanSweeper(desktop(), ahead, SensorSettings.defaults()).sweep();
        assertThat(early.removed()).isEmpty();
        assertThat(early.keptLive()).hasSize(2);

        // A stops renewing (its laptop went to sleep); four minutes later, by the server, it is an orphan.
        a.abandon();
        server.advance(Duration.ofMinutes(4));
        ahead.advance(Duration.ofMinutes(4));
        SweepReport late = new OrphanSweeper(desktop(), ahead, SensorSettings.defaults()).sweep();
        assertThat(late.removed()).hasSize(2).allSatisfy(r -> assertThat(r).contains("lease expired"));
        assertThat(late.removed()).anySatisfy(r -> assertThat(r).startsWith("pod " + NS + "/"
                + SensorObjectNames.pod(plan.id(), "node-a")).contains("the lease of its session's secret"));
        assertThat(podsOf(plan)).isEmpty();
    }

    @Test
    void aRenewalIsOnePatchOfTheSecretAndKeepsTheServersTime() throws Exception {
        MutableClock laptop = new MutableClock(server.instant().plus(Duration.ofMinutes(7)));
        SessionPlan plan = new SessionPlan(new SessionId("onepatch01"), List.of("node-a", "node-b"),
                PrivilegeMode.PRIVILEGED, SensorSettings.defaults());
        SensorDeployment d = new SensorDeployment(desktop(), plan, laptop, DeploymentListener.NONE,
                SessionToken.generate(), Duration.ofHours(1));
        d.deploy();
        api.takeRequests();
        server.advance(Duration.ofMinutes(1));
        laptop.advance(Duration.ofMinutes(1));

        assertThat(d.renewLeaseIfDue()).isTrue();

        assertThat(api.takeRequests().stream().filter(r -> !MockApiServer.fromSimulator(r))
                .map(r -> r.getMethod() + " " + r.getPath()).toList())
                .containsExactly("PATCH /api/v1/namespaces/nightjar/secrets/" + SensorObjectNames.secret(plan.id()));
        assertThat(Instant.parse(lease(SensorObjectNames.secret(plan.id()))).getEpochSecond())
                .isCloseTo(server.instant().plus(Duration.ofMinutes(3)).getEpochSecond(), within(2L));
        d.stop(WAIT);
    }

    private List<String> podsOf(SessionPlan plan) {
        return api.simulator().pods().inNamespace(NS).withLabel(NightjarLabels.SESSION, plan.id().value()).list()
                .getItems().stream().map(p -> p.getMetadata().getName()).toList();
    }

    private String lease(String secret) {
        var s = api.simulator().secrets().inNamespace(NS).withName(secret).get();
        return s == null ? "" : s.getMetadata().getAnnotations().get(NightjarLabels.LEASE_EXPIRES);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Polling.await(condition, WAIT, what, () -> "");
    }
}
