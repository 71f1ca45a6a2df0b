package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static dev.nightjar.desktop.session.ClusterFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.Enricher;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.cluster.NodeSummaries;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP request the session code makes in a whole session life — connect (node
 * list, orphan sweep), deploy, wait, lease renewal, Stop, and the sweep of a crashed
 * desktop's session, and the enrichment informers' lists and watches — must be allowed by
 * the roles in packaging/rbac/.
 */
class RbacCoverageTest {

    private MockApiServer api;
    private final List<KubernetesClient> extraClients = new ArrayList<>();

    @BeforeEach
    void start() {
        api = new MockApiServer();
        List.of("node-a", "node-b").forEach(n -> api.simulator().nodes().resource(node(n)).create());
        api.simulator().pods().inNamespace("shop").resource(workload("shop", "web-1", "node-a")).create();
    }

    @AfterEach
    void stop() {
        api.close();
        extraClients.forEach(KubernetesClient::close);
    }

    @Test
    void everyRequestOfASessionLifeIsAllowedByTheNightjarRoles() throws Exception {
        KubernetesClient desktop = api.client();
        MutableClock clock = new MutableClock(Instant.now());
        SensorSettings settings = SensorSettings.defaults();
        api.takeRequests(); // the fixtures above

        // Connect: node list, then the orphan sweep (nothing to find yet).
        assertThat(NodeSummaries.read(desktop)).hasSize(2);
        new OrphanSweeper(desktop, clock, settings).sweep();

        // A first desktop deploys and crashes (no Stop).
        KubernetesClient crashed = api.server().createClient(new JdkHttpClientFactory());
        extraClients.add(crashed);
        new SensorDeployment(crashed, new SessionPlan(new SessionId("crashed"), List.of("node-a"),
                PrivilegeMode.LEAST_PRIVILEGE, settings), clock, DeploymentListener.NONE).deploy();

        // Next connect after its lease ran out, and again when its namespace is old enough to go.
        clock.advance(Duration.ofMinutes(4));
        assertThat(new OrphanSweeper(desktop, clock, settings).sweep().removed()).hasSize(2);
        clock.advance(Duration.ofMinutes(10));
        assertThat(new OrphanSweeper(desktop, clock, settings).sweep().removed())
                .containsExactly("namespace nightjar (created by Nightjar, empty)");

        // Enrichment: every informer lists, then watches; a change arrives through a watch.
        try (Enricher enricher = Enricher.start(desktop)) {
            assertThat(enricher.awaitSynced(Duration.ofSeconds(20))).isTrue();
            api.simulator().pods().inNamespace("shop").resource(workload("shop", "web-2", "node-b")).create();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (enricher.index().podCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(enricher.problems()).isEmpty();
        }

        // A full session: deploy, wait until running, renew the lease, Stop.
        SensorDeployment session = new SensorDeployment(desktop, new SessionPlan(new SessionId("live"),
                List.of("node-a", "node-b"), PrivilegeMode.PRIVILEGED, settings), clock, DeploymentListener.NONE);
        session.deploy();
        for (String n : List.of("node-a", "node-b")) {
            ClusterFixtures.running(api.simulator(), NightjarLabels.NAMESPACE, SensorObjectNames.pod(session.plan().id(), n));
        }
        assertThat(session.awaitSettled(Duration.ofSeconds(10)).values())
                .allMatch(s -> s.stage() == SensorPodStage.RUNNING);
        clock.advance(settings.leaseRenewal());
        assertThat(session.renewLeaseIfDue()).isTrue();
        assertThat(session.stop(Duration.ofSeconds(10)).complete()).isTrue();

        List<ApiRequestAttributes> made = api.takeRequests().stream()
                .filter(r -> !MockApiServer.fromSimulator(r))
                .map(r -> ApiRequestAttributes.of(r.getMethod(), r.getPath()))
                .toList();
        RbacRules rules = RbacRules.load(RbacRulesTest.rbacDir());
        List<String> notAllowed = made.stream().filter(a -> !rules.allows(a)).map(ApiRequestAttributes::describe).toList();

        // The recording saw the whole life, so an empty "not allowed" list means something.
        Set<String> kinds = new TreeSet<>();
        made.stream().filter(ApiRequestAttributes::resourceRequest)
                .forEach(a -> kinds.add(a.verb() + " " + a.resource() + (a.subresource() == null ? "" : "/" + a.subresource())));
        assertThat(kinds).contains("list nodes", "get nodes", "list pods", "watch pods", "watch events", "create pods",
                "patch pods", "delete pods", "get pods", "create secrets", "patch secrets", "delete secrets",
                "list secrets", "create namespaces", "get namespaces", "delete namespaces",
                "list namespaces", "watch namespaces", "watch nodes", "list services", "watch services",
                "list endpointslices", "watch endpointslices", "list networkpolicies", "watch networkpolicies",
                "list replicasets", "watch replicasets", "list jobs", "watch jobs");
        assertThat(notAllowed).as("requests the roles in packaging/rbac/ do not allow").isEmpty();
    }
}
