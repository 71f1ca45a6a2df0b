package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static dev.nightjar.desktop.session.ClusterFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.cluster.NodeSummaries;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * packaging/rbac/ proved both ways against a whole session life — connect (node list,
 * orphan sweep), the pre-flight permission check, a capture (deploy, wait, stream through the
 * port-forward, lease renewal, a sensor that ends and is redeployed, Stop), the sweep of a
 * crashed desktop's session and its namespace, and the enrichment informers — recorded as
 * HTTP requests and mapped to authorization checks the way the API server does:
 * <ul>
 * <li>every request is allowed by the roles (nothing the code does is missing from them);</li>
 * <li>every rule of the roles is used by some request (nothing in them is unused);</li>
 * <li>the pre-flight check asks about exactly what the roles grant.</li>
 * </ul>
 */
class RbacCoverageTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final List<String> NODES = List.of("node-a", "node-b");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<KubernetesClient> extraClients = new ArrayList<>();
    private final Map<String, ScriptedSensorServer> sensors = new HashMap<>();
    private RbacRules rules;
    private PortForwardBridge bridge;
    private MockApiServer api;

    @BeforeEach
    void start() throws Exception {
        rules = RbacRules.load(RbacRulesTest.rbacDir());
        ApiServerBehaviour behaviour = new ApiServerBehaviour().serverClock(clock).authorizer(rules);
        bridge = new PortForwardBridge(pod -> sensors.entrySet().stream().filter(e -> pod.startsWith(e.getKey()))
                .map(e -> e.getValue().port()).findFirst().orElse(1));
        api = new MockApiServer(false, crud -> behaviour.around(bridge.around(crud)));
        NODES.forEach(n -> api.simulator().nodes().resource(node(n)).create());
        api.simulator().pods().inNamespace("shop").resource(workload("shop", "web-1", "node-a")).create();
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
        for (ScriptedSensorServer s : sensors.values()) {
            s.close();
        }
        api.close();
        extraClients.forEach(KubernetesClient::close);
    }

    @Test
    void theRolesAllowEveryRequestOfASessionLifeAndEveryRuleIsUsed() throws Exception {
        KubernetesClient desktop = api.client();
        SensorSettings settings = SensorSettings.defaults();
        api.takeRequests(); // the fixtures above

        // Connect: node list, then the orphan sweep (nothing to find yet); the pre-flight check.
        assertThat(NodeSummaries.read(desktop)).hasSize(2);
        new OrphanSweeper(desktop, clock, settings).sweep();
        List<PermissionResult> check = new PermissionCheck(desktop).run(SessionPermissions.forDeploy(NS));
        assertThat(check).allSatisfy(r -> assertThat(r.verdict()).as(r.permission().describe())
                .isEqualTo(PermissionResult.Verdict.ALLOWED));

        // A first desktop deploys and crashes (no Stop); the next sweeps find it after its lease ran out.
        KubernetesClient crashed = api.server().createClient(new JdkHttpClientFactory());
        extraClients.add(crashed);
        SensorDeployment crashedSession = new SensorDeployment(crashed, new SessionPlan(new SessionId("crashed"),
                List.of("node-a"), PrivilegeMode.LEAST_PRIVILEGE, settings), clock, DeploymentListener.NONE);
        crashedSession.deploy();
        crashedSession.abandon();
        clock.advance(Duration.ofMinutes(4));
        assertThat(new OrphanSweeper(desktop, clock, settings).sweep().removed()).hasSize(2);

        // A capture in the namespace the crashed session left (so it is marked, not created): deploy,
        // stream through the port-forward, renew the lease, lose a sensor and redeploy it, Stop (which
        // removes the namespace: this session used it last). The enrichment informers run all along.
        SessionPlan plan = new SessionPlan(new SessionId("live"), NODES, PrivilegeMode.PRIVILEGED, settings);
        SessionToken token = SessionToken.generate();
        for (String n : NODES) {
            sensors.put(SensorObjectNames.pod(plan.id(), n), new ScriptedSensorServer(token.value(), n, 5));
        }
        CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 4));
        try (FakeKubelet kubelet = new FakeKubelet(api.simulator(), NS, n -> FakeKubelet.Answer.RUN)) {
            CaptureLauncher.Launched launched = new CaptureLauncher(desktop, clock, WAIT, Duration.ofMillis(50))
                    .launch(plan, store, SubscribeRequest.getDefaultInstance(), line -> { },
                            ClusterSensorSession.StateListener.NONE, new LaunchBoard(plan.nodes(), clock), token);
            LaunchBoard board = launched.board().orElseThrow();
            await(() -> plan.nodes().stream().allMatch(n -> board.row(n).step() == LaunchStep.STREAMING),
                    "both nodes streaming");
            String lease = secretLease(plan);
            clock.advance(settings.leaseRenewal());
            await(() -> !lease.equals(secretLease(plan)), "a renewed lease");

            // node-b's sensor ends (its pod completes); Redeploy gives it a new pod, which streams.
            ClusterFixtures.setStatus(api.simulator(), NS, SensorObjectNames.pod(plan.id(), "node-b"),
                    b -> b.withNewStatus().withPhase("Succeeded").endStatus());
            await(() -> board.row("node-b").step() == LaunchStep.GONE, "node-b's sensor gone");
            launched.redeploy("node-b");
            await(() -> board.row("node-b").step() == LaunchStep.STREAMING, "node-b streaming again");
            assertThat(launched.stop(WAIT).complete()).isTrue();
        }

        // Another crashed session, and a sweep once its lease and the namespace's grace are over.
        KubernetesClient crashedAgain = api.server().createClient(new JdkHttpClientFactory());
        extraClients.add(crashedAgain);
        SensorDeployment again = new SensorDeployment(crashedAgain, new SessionPlan(new SessionId("crashed2"),
                List.of("node-b"), PrivilegeMode.PRIVILEGED, settings), clock, DeploymentListener.NONE);
        again.deploy();
        again.abandon();
        clock.advance(Duration.ofMinutes(10));
        assertThat(new OrphanSweeper(desktop, clock, settings).sweep().removed()).hasSize(3)
                .contains("namespace nightjar (created by Nightjar, empty)");

        List<ApiRequestAttributes> made = api.takeRequests().stream()
                .filter(r -> !MockApiServer.fromSimulator(r))
                .map(r -> ApiRequestAttributes.of(r.getMethod(), r.getPath()))
                .flatMap(a -> a.checks().stream())
                .toList();
        List<String> notAllowed = made.stream().filter(a -> !rules.allows(a)).map(ApiRequestAttributes::describe)
                .distinct().toList();

        // The recording saw the whole life, so an empty "not allowed" list means something.
        Set<String> kinds = new TreeSet<>();
        made.stream().filter(ApiRequestAttributes::resourceRequest)
                .forEach(a -> kinds.add(a.verb() + " " + a.resource() + (a.subresource() == null ? "" : "/" + a.subresource())));
        assertThat(kinds).contains("list nodes", "get nodes", "watch nodes", "list pods", "watch pods", "create pods",
                "delete pods", "get pods/portforward", "create pods/portforward", "create secrets", "get secrets",
                "patch secrets", "delete secrets", "list secrets", "list events", "watch events", "create namespaces",
                "get namespaces", "patch namespaces", "delete namespaces", "list namespaces", "watch namespaces",
                "list services", "watch services", "list endpointslices", "watch endpointslices",
                "list networkpolicies", "watch networkpolicies", "list replicasets", "watch replicasets", "list jobs",
                "watch jobs", "create selfsubjectaccessreviews");
        assertThat(notAllowed).as("requests the roles in packaging/rbac/ do not allow").isEmpty();
        assertThat(rules.unusedBy(made)).as("rules in packaging/rbac/ no request of a session life uses").isEmpty();
    }

    @Test
    void thePreflightCheckAsksAboutExactlyWhatTheRolesGrant() throws Exception {
        Set<String> asked = new TreeSet<>();
        for (RequiredPermission p : SessionPermissions.forDeploy(NS)) {
            asked.add(p.verb() + " " + (p.group().isEmpty() ? "" : p.group() + "/") + p.resource()
                    + (p.subresource().isEmpty() ? "" : "/" + p.subresource())
                    + (p.name().isEmpty() ? "" : " [" + p.name() + "]")
                    + (p.namespace().isEmpty() ? " (ClusterRole)" : " (Role in " + p.namespace() + ")"));
        }
        // Every grant of the roles, listed the same way: the rules no (empty) request uses.
        Set<String> granted = new TreeSet<>(rules.unusedBy(List.of()));
        assertThat(asked).isEqualTo(granted);
    }

    private String secretLease(SessionPlan plan) {
        var s = api.simulator().secrets().inNamespace(NS).withName(SensorObjectNames.secret(plan.id())).get();
        return s == null ? "" : s.getMetadata().getAnnotations().get(NightjarLabels.LEASE_EXPIRES);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Polling.await(condition, WAIT, what, () -> "");
    }
}
