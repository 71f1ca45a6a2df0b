package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static dev.nightjar.desktop.session.ClusterFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrphanSweeperTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final SensorSettings SETTINGS = SensorSettings.defaults();

    private MockApiServer api;
    private KubernetesClient sim;
    private MutableClock clock;
    private final List<KubernetesClient> crashedDesktops = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        api = new MockApiServer();
        sim = api.simulator();
        clock = new MutableClock(Instant.now());
        List.of("node-a", "node-b").forEach(n -> sim.nodes().resource(node(n)).create());
        sim.pods().inNamespace("default").resource(workload("default", "web-1", "node-a")).create();
    }

    @AfterEach
    void stopCluster() {
        api.close();
        crashedDesktops.forEach(KubernetesClient::close);
    }

    /** A desktop that deploys and then dies: no Stop, no shutdown hook, no more lease renewals. */
    private SessionId deployAndCrash(String sessionId, List<String> nodes) throws Exception {
        KubernetesClient desktop = api.server().createClient(new JdkHttpClientFactory());
        crashedDesktops.add(desktop);
        SessionId id = new SessionId(sessionId);
        SensorDeployment d = new SensorDeployment(desktop, new SessionPlan(id, nodes, PrivilegeMode.PRIVILEGED, SETTINGS),
                clock, DeploymentListener.NONE);
        d.deploy();
        d.abandon(); // its lease thread dies with it
        return id;
    }

    private OrphanSweeper sweeper() {
        return new OrphanSweeper(api.client(), clock, SETTINGS);
    }

    private List<String> podsIn(String ns) {
        return sim.pods().inNamespace(ns).list().getItems().stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void anAbandonedSessionIsLeftAloneWhileItsLeaseRunsAndSweptAfter() throws Exception {
        SessionId crashed = deployAndCrash("crashed0001", List.of("node-a", "node-b"));

        clock.advance(Duration.ofMinutes(2));
        SweepReport early = sweeper().sweep();
        assertThat(early.removed()).isEmpty();
        assertThat(early.keptLive()).hasSize(3);
        assertThat(podsIn(NS)).hasSize(2);

        clock.advance(Duration.ofMinutes(2)); // lease (3 min) has run out
        SweepReport report = sweeper().sweep();

        assertThat(report.removed()).hasSize(3).allSatisfy(r -> assertThat(r).contains("lease expired"));
        assertThat(report.removed()).anySatisfy(r -> assertThat(r)
                .startsWith("secret nightjar/" + SensorObjectNames.secret(crashed)));
        assertThat(report.removed()).anySatisfy(r -> assertThat(r)
                .startsWith("pod nightjar/" + SensorObjectNames.pod(crashed, "node-a")));
        assertThat(podsIn(NS)).isEmpty();
        assertThat(sim.secrets().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(podsIn("default")).containsExactly("web-1");
        // The namespace is young: a new session may be about to use it.
        assertThat(sim.namespaces().withName(NS).get()).isNotNull();

        clock.advance(Duration.ofMinutes(10));
        SweepReport later = sweeper().sweep();
        assertThat(later.removed()).containsExactly("namespace nightjar (created by Nightjar, empty)");
        assertThat(sim.namespaces().withName(NS).get()).isNull();
    }

    @Test
    void aLiveSessionSurvivesTheSweepThatRemovesAnExpiredOne() throws Exception {
        SessionId crashed = deployAndCrash("crashed0002", List.of("node-a"));
        clock.advance(Duration.ofMinutes(2));
        SensorDeployment live = new SensorDeployment(api.client(),
                new SessionPlan(new SessionId("live000001"), List.of("node-a", "node-b"), PrivilegeMode.PRIVILEGED,
                        SETTINGS), clock, DeploymentListener.NONE);
        live.deploy();
        clock.advance(Duration.ofMinutes(2)); // crashed lease ran out at +3; live one runs to +5
        live.renewLeaseIfDue();               // and a connected desktop keeps renewing it

        SweepReport report = sweeper().sweep();

        assertThat(report.removed()).hasSize(2).allSatisfy(r -> assertThat(r).contains(crashed.value()));
        assertThat(report.keptLive()).hasSize(3).allSatisfy(k -> assertThat(k).contains("live000001"));
        assertThat(podsIn(NS)).containsExactlyInAnyOrder(
                SensorObjectNames.pod(live.plan().id(), "node-a"), SensorObjectNames.pod(live.plan().id(), "node-b"));

        clock.advance(Duration.ofMinutes(10)); // far past the live lease if it had not been renewed since
        live.renewLeaseIfDue();
        assertThat(sweeper().sweep().removed()).isEmpty();
        assertThat(live.stop(Duration.ofSeconds(10)).complete()).isTrue();
    }

    @Test
    void aMalformedOrMissingLeaseCountsAsExpiredOnlyPastTheLongestSession() {
        sim.pods().inNamespace(NS).resource(sensorLike("garbled", "next tuesday")).create();
        sim.pods().inNamespace(NS).resource(sensorLike("unannotated", null)).create();
        sim.pods().inNamespace(NS).resource(workload(NS, "other-app", "node-b")).create();

        SweepReport young = sweeper().sweep();
        assertThat(young.removed()).isEmpty();
        assertThat(young.keptLive()).containsExactlyInAnyOrder("pod nightjar/garbled", "pod nightjar/unannotated");

        clock.advance(SETTINGS.maxSessionLength().plusMinutes(1));
        SweepReport old = sweeper().sweep();

        assertThat(old.removed()).hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("pod nightjar/garbled (unreadable lease \"next tuesday\""))
                .anySatisfy(r -> assertThat(r).startsWith("pod nightjar/unannotated (no lease annotation"));
        assertThat(podsIn(NS)).containsExactly("other-app"); // not ours: never touched, however old
    }

    private static Pod sensorLike(String name, String lease) {
        PodBuilder b = new PodBuilder(workload(NS, name, "node-a"));
        b.editMetadata().withLabels(java.util.Map.of(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE,
                NightjarLabels.SESSION, "old")).endMetadata();
        if (lease != null) {
            b.editMetadata().addToAnnotations(NightjarLabels.LEASE_EXPIRES, lease).endMetadata();
        }
        return b.build();
    }
}
