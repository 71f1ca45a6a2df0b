package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static dev.nightjar.desktop.session.ClusterFixtures.status;
import static dev.nightjar.desktop.session.ClusterFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SensorDeploymentTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final List<String> NODES = List.of("node-a", "node-b");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private MockApiServer api;
    private KubernetesClient sim;
    private MutableClock clock;
    private RecordingListener listener;
    private final SessionId session = new SessionId("0123456789");
    private final SessionToken token = SessionToken.generate(new SecureRandom());

    @BeforeEach
    void startCluster() {
        api = new MockApiServer();
        sim = api.simulator();
        clock = new MutableClock(Instant.now());
        listener = new RecordingListener();
        NODES.forEach(n -> sim.nodes().resource(node(n)).create());
        sim.pods().inNamespace("default").resource(workload("default", "web-1", "node-a")).create();
    }

    @AfterEach
    void stopCluster() {
        api.close();
    }

    /** The test renews the lease by hand: the deployment's own lease thread looks only once an hour. */
    private SensorDeployment deployment(PrivilegeMode mode) {
        return new SensorDeployment(api.client(), new SessionPlan(session, NODES, mode, SensorSettings.defaults()),
                clock, listener, token, Duration.ofHours(1));
    }

    private String pod(String node) {
        return SensorObjectNames.pod(session, node);
    }

    @ParameterizedTest
    @EnumSource(PrivilegeMode.class)
    void deployCreatesExactlyTheNamespaceTheSecretAndOnePodPerNode(PrivilegeMode mode) throws Exception {
        api.takeRequests();
        SensorDeployment d = deployment(mode);
        d.deploy();

        var ns = api.client().namespaces().withName(NS).get();
        assertThat(ns.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged")
                .containsEntry("app.kubernetes.io/managed-by", "nightjar");

        List<Secret> secrets = sim.secrets().inNamespace(NS).list().getItems();
        assertThat(secrets).extracting(s -> s.getMetadata().getName()).containsExactly("nightjar-0123456789-token");
        Secret secret = secrets.getFirst();
        assertThat(secret.getStringData()).containsEntry("token", token.value());
        assertThat(token.value()).matches("[A-Za-z0-9_-]{43}"); // 32 bytes base64url, no padding

        List<Pod> pods = sim.pods().inNamespace(NS).list().getItems();
        assertThat(pods).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(sim.pods().inAnyNamespace().list().getItems()).hasSize(3); // ours + the workload, nothing else
        assertThat(sim.secrets().inAnyNamespace().list().getItems()).hasSize(1);
        assertThat(sim.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly(NS);

        // The Secret is owned by every sensor pod, by uid, so the garbage collector removes it with the last one.
        assertThat(secret.getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getKind, OwnerReference::getName, OwnerReference::getUid)
                .containsExactlyInAnyOrderElementsOf(pods.stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple("Pod", p.getMetadata().getName(),
                                p.getMetadata().getUid()))
                        .toList());
        assertThat(secret.getMetadata().getOwnerReferences()).allSatisfy(o -> assertThat(o.getUid()).isNotBlank());

        // The Secret holds the session's one lease; the pods live by it.
        Instant lease = Instant.parse(secret.getMetadata().getAnnotations().get("nightjar.dev/lease-expires"));
        assertThat(lease).isEqualTo(LeaseTimes.parse(LeaseTimes.format(clock.instant().plus(Duration.ofMinutes(3)))).orElseThrow());
        for (Pod p : pods) {
            assertSensorPod(p, mode, secret);
        }

        // Exactly four creates: namespace, secret, two pods.
        List<String> creates = api.takeRequests().stream().filter(r -> !MockApiServer.fromSimulator(r))
                .filter(r -> r.getMethod().equals("POST")).map(RecordedRequest::getPath).toList();
        assertThat(creates).containsExactly("/api/v1/namespaces", "/api/v1/namespaces/nightjar/secrets",
                "/api/v1/namespaces/nightjar/pods", "/api/v1/namespaces/nightjar/pods");
        d.stop(WAIT);
    }

    private void assertSensorPod(Pod p, PrivilegeMode mode, Secret secret) {
        var spec = p.getSpec();
        assertThat(p.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "nightjar", "app.kubernetes.io/name", "nightjar-sensor",
                "nightjar.dev/session", session.value()));
        assertThat(p.getMetadata().getAnnotations()).doesNotContainKey("nightjar.dev/lease-expires")
                .containsEntry("nightjar.dev/lease-holder", secret.getMetadata().getName());
        assertThat(spec.getHostPID()).isTrue();
        assertThat(spec.getHostNetwork()).isFalse();
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(4 * 3600L);
        assertThat(spec.getTerminationGracePeriodSeconds()).isLessThanOrEqualTo(10L);
        assertThat(spec.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
            assertThat(t.getEffect()).isNull();
        });
        Container c = spec.getContainers().getFirst();
        assertThat(spec.getContainers()).hasSize(1);
        assertThat(c.getImage()).isEqualTo(SensorSettings.defaults().image());
        assertThat(c.getArgs()).containsExactly("serve", "--listen", "127.0.0.1:7700", "--token-file",
                "/run/nightjar/token", "--proc-root", "/host/proc", "--idle-exit", "10m", "--node-name", "$(NODE_NAME)");
        assertThat(c.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("NODE_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("128Mi"));
        assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("200m"))
                .containsEntry("memory", new Quantity("256Mi"));

        Map<String, VolumeMount> mounts = c.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, Function.identity()));
        Map<String, Volume> volumes = spec.getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, Function.identity()));
        assertThat(mounts.keySet()).containsExactlyInAnyOrder("/host/proc", "/sys", "/tmp", "/run/nightjar");
        assertThat(volumes.get(mounts.get("/host/proc").getName()).getHostPath().getPath()).isEqualTo("/proc");
        assertThat(volumes.get(mounts.get("/sys").getName()).getHostPath().getPath()).isEqualTo("/sys");
        assertThat(mounts.get("/host/proc").getReadOnly()).isTrue();
        assertThat(mounts.get("/sys").getReadOnly()).isTrue();
        assertThat(mounts.get("/run/nightjar").getReadOnly()).isTrue();
        assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir().getSizeLimit()).isNotNull();
        var tokenVolume = volumes.get(mounts.get("/run/nightjar").getName()).getSecret();
        assertThat(tokenVolume.getSecretName()).isEqualTo(secret.getMetadata().getName());
        assertThat(tokenVolume.getDefaultMode()).isEqualTo(0400);
        assertThat(volumes.values()).filteredOn(v -> v.getHostPath() != null).hasSize(2);

        SecurityContext sc = c.getSecurityContext();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        if (mode == PrivilegeMode.PRIVILEGED) {
            assertThat(sc.getPrivileged()).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).isNotEqualTo(Boolean.FALSE);
            assertThat(sc.getCapabilities()).isNull();
            assertThat(sc.getSeccompProfile()).isNull();
        } else {
            assertThat(sc.getPrivileged()).isFalse();
            assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
            assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd())
                    .containsExactly("BPF", "PERFMON", "NET_ADMIN", "SYSLOG", "SYS_RESOURCE", "SYS_PTRACE", "DAC_READ_SEARCH");
            assertThat(sc.getSeccompProfile().getType()).isEqualTo("Unconfined");
            assertThat(sc.getAppArmorProfile().getType()).isEqualTo("Unconfined");
            assertThat(p.getMetadata().getAnnotations())
                    .containsEntry("container.apparmor.security.beta.kubernetes.io/sensor", "unconfined");
        }
    }

    @Test
    void podStatusTransitionsDriveEachPodToRunning() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        String image = SensorSettings.defaults().image();

        ClusterFixtures.scheduled(sim, NS, pod("node-a"));
        awaitStage(d, "node-a", SensorPodStage.SCHEDULED);
        ClusterFixtures.containerCreating(sim, NS, pod("node-a"));
        awaitStage(d, "node-a", SensorPodStage.STARTING);
        sim.v1().events().inNamespace(NS).resource(ClusterFixtures.pullingEvent(NS, pod("node-a"), image)).create();
        awaitStage(d, "node-a", SensorPodStage.PULLING_IMAGE);
        assertThat(d.status().get("node-a").message()).isEqualTo("pulling image " + image);
        assertThat(d.runningSensors()).isEmpty();

        ClusterFixtures.running(sim, NS, pod("node-a"));
        ClusterFixtures.running(sim, NS, pod("node-b"));
        Map<String, SensorPodStatus> settled = d.awaitSettled(WAIT);

        assertThat(settled.values()).extracting(SensorPodStatus::stage).containsOnly(SensorPodStage.RUNNING);
        assertThat(listener.stagesOf("node-a")).containsSubsequence(SensorPodStage.SCHEDULED, SensorPodStage.STARTING,
                SensorPodStage.PULLING_IMAGE, SensorPodStage.RUNNING);
        assertThat(d.runningSensors()).containsExactly(
                new SensorEndpoint("node-a", NS, pod("node-a"), 7700),
                new SensorEndpoint("node-b", NS, pod("node-b"), 7700));
        d.stop(WAIT);
    }

    @Test
    void imagePullBackOffAndUnschedulableSettleWithTheirMessages() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        ClusterFixtures.imagePullBackOff(sim, NS, pod("node-a"), "ghcr.io/nightjar-dev/nightjar-sensor:nope");
        ClusterFixtures.unschedulable(sim, NS, pod("node-b"), "0/3 nodes are available: 1 Insufficient cpu.");

        Map<String, SensorPodStatus> settled = d.awaitSettled(WAIT);

        assertThat(settled.get("node-a").stage()).isEqualTo(SensorPodStage.IMAGE_PULL_FAILED);
        assertThat(settled.get("node-a").message())
                .contains("cannot pull image " + SensorSettings.defaults().image())
                .contains("ImagePullBackOff");
        assertThat(settled.get("node-b").stage()).isEqualTo(SensorPodStage.UNSCHEDULABLE);
        assertThat(settled.get("node-b").message())
                .isEqualTo("cannot be scheduled on node-b: 0/3 nodes are available: 1 Insufficient cpu.");
        d.stop(WAIT);
    }

    @Test
    void anUnschedulablePodThatLaterRunsEndsRunning() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        ClusterFixtures.unschedulable(sim, NS, pod("node-a"), "0/2 nodes are available: 1 Too many pods.");
        awaitStage(d, "node-a", SensorPodStage.UNSCHEDULABLE);
        ClusterFixtures.containerCreating(sim, NS, pod("node-a"));
        awaitStage(d, "node-a", SensorPodStage.STARTING);
        ClusterFixtures.running(sim, NS, pod("node-a"));
        ClusterFixtures.running(sim, NS, pod("node-b"));

        assertThat(d.awaitSettled(WAIT).get("node-a").stage()).isEqualTo(SensorPodStage.RUNNING);
        assertThat(listener.stagesOf("node-a")).containsSubsequence(SensorPodStage.UNSCHEDULABLE,
                SensorPodStage.STARTING, SensorPodStage.RUNNING);
        d.stop(WAIT);
    }

    @Test
    void aPodDeletedBehindOurBackIsReportedGone() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        ClusterFixtures.running(sim, NS, pod("node-a"));
        sim.pods().inNamespace(NS).withName(pod("node-b")).delete();

        Map<String, SensorPodStatus> settled = d.awaitSettled(WAIT);

        assertThat(settled.get("node-b").stage()).isEqualTo(SensorPodStage.GONE);
        assertThat(settled.get("node-b").message()).contains("node node-b was removed");
        d.stop(WAIT);
    }

    @Test
    void stopDeletesWhatItCreatedIncludingTheNamespaceAndNothingElse() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();

        TeardownReport report = d.stop(WAIT);

        assertThat(report.complete()).isTrue();
        assertThat(report.removed()).contains("namespace nightjar", "secret nightjar/nightjar-0123456789-token",
                "pod nightjar/" + pod("node-a"), "pod nightjar/" + pod("node-b"));
        assertThat(sim.namespaces().withName(NS).get()).isNull();
        assertThat(sim.pods().inAnyNamespace().list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("web-1");
        assertThat(sim.secrets().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(listener.steps).contains("Sensor removed from the cluster");
        // A pod deleted by our own Stop is not reported as "gone".
        assertThat(listener.statuses).noneMatch(s -> s.stage() == SensorPodStage.GONE);
        assertThat(d.stop(WAIT)).isSameAs(report);
    }

    @Test
    void aNamespaceWeDidNotCreateSurvivesWithItsWorkload() throws Exception {
        sim.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", "privileged").endMetadata().build()).create();
        sim.pods().inNamespace(NS).resource(workload(NS, "other-app", "node-b")).create();
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();

        TeardownReport report = d.stop(WAIT);

        assertThat(report.complete()).isTrue();
        assertThat(report.removed()).doesNotContain("namespace nightjar");
        assertThat(sim.namespaces().withName(NS).get()).isNotNull();
        assertThat(sim.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("other-app");
    }

    @Test
    void aNamespaceWeCreatedIsKeptWhenSomethingElseMovedIn() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        sim.pods().inNamespace(NS).resource(workload(NS, "squatter", "node-b")).create();

        TeardownReport report = d.stop(WAIT);

        assertThat(sim.namespaces().withName(NS).get()).isNotNull();
        assertThat(report.notes()).singleElement().asString().contains("Namespace nightjar kept");
        assertThat(sim.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("squatter");
    }

    @Test
    void aPodSecurityWarningIsGivenForAStricterExistingNamespace() throws Exception {
        sim.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", "baseline").endMetadata().build()).create();
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        assertThat(listener.steps).anySatisfy(s -> assertThat(s).contains("\"baseline\"")
                .contains("kubectl label --overwrite namespace nightjar pod-security.kubernetes.io/enforce=privileged"));
        d.stop(WAIT);
    }

    @Test
    void forbiddenPodCreateNamesTheMissingPermissionAndRollsBack() throws Exception {
        api.server().expect().post().withPath("/api/v1/namespaces/nightjar/pods")
                .andReturn(403, status(403, "Forbidden", "pods is forbidden: User \"alice@example.com\" cannot create"
                        + " resource \"pods\" in API group \"\" in the namespace \"nightjar\""))
                .once();
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);

        assertThatThrownBy(d::deploy).isInstanceOf(SensorDeploymentException.class)
                .hasMessageContaining("User \"alice@example.com\" is not allowed to create pods in namespace nightjar")
                .hasMessageContaining("packaging/rbac")
                .hasMessageContaining("Nightjar removed what it had created.");
        assertThat(sim.secrets().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(sim.namespaces().withName(NS).get()).isNull();
        assertThat(sim.pods().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void podSecurityRejectionTellsHowToLabelTheNamespace() {
        api.server().expect().post().withPath("/api/v1/namespaces/nightjar/pods")
                .andReturn(403, status(403, "Forbidden", "pods \"" + pod("node-a") + "\" is forbidden: violates"
                        + " PodSecurity \"baseline:latest\": host namespaces (hostPID=true), hostPath volumes"
                        + " (volumes \"host-proc\", \"host-sys\"), privileged (container \"sensor\" must not set"
                        + " securityContext.privileged=true)"))
                .once();
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);

        assertThatThrownBy(d::deploy).isInstanceOf(SensorDeploymentException.class)
                .hasMessageContaining("Pod Security admission rejected the sensor pod")
                .hasMessageContaining("violates PodSecurity \"baseline:latest\": host namespaces (hostPID=true)")
                .hasMessageContaining("`kubectl label --overwrite namespace nightjar"
                        + " pod-security.kubernetes.io/enforce=privileged`");
        assertThat(sim.namespaces().withName(NS).get()).isNull();
    }

    @Test
    void webhookDenialNamesTheWebhook() {
        api.server().expect().post().withPath("/api/v1/namespaces/nightjar/pods")
                .andReturn(400, status(400, "BadRequest", "admission webhook \"validation.gatekeeper.sh\" denied the"
                        + " request: [psp-host-namespace] Sharing the host namespace is not allowed"))
                .always(); // a webhook refusing one node's pod no longer stops the others: here it refuses every one
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);

        assertThatThrownBy(d::deploy).isInstanceOf(SensorDeploymentException.class)
                .hasMessageContaining("The admission webhook \"validation.gatekeeper.sh\" denied the sensor pod")
                .hasMessageContaining("Sharing the host namespace is not allowed");
    }

    @Test
    void aForbiddenLookupNamesTheStepAndThePermission() {
        api.server().expect().get().withPath("/api/v1/namespaces/nightjar")
                .andReturn(403, status(403, "Forbidden", "namespaces \"nightjar\" is forbidden: User \"bob\" cannot get"
                        + " resource \"namespaces\" in API group \"\" in the namespace \"nightjar\""))
                .once();
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);

        assertThatThrownBy(d::deploy).isInstanceOf(SensorDeploymentException.class)
                .hasMessageStartingWith("Failed while looking up namespace nightjar: User \"bob\" is not allowed to get"
                        + " namespaces in namespace nightjar.")
                .hasMessageContaining("Nothing was left in the cluster.");
    }

    @Test
    void aMissingNodeFailsBeforeAnythingIsCreated() throws Exception {
        sim.nodes().withName("node-b").delete();
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);

        assertThatThrownBy(d::deploy).isInstanceOf(SensorDeploymentException.class)
                .hasMessageContaining("Node node-b no longer exists")
                .hasMessageContaining("Nothing was left in the cluster.");
        assertThat(sim.namespaces().withName(NS).get()).isNull();
    }

    @Test
    void theLeaseIsRenewedOnlyWhenTheIntervalHasPassed() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        String before = sessionLease();

        clock.advance(Duration.ofSeconds(59));
        assertThat(d.renewLeaseIfDue()).isFalse();
        assertThat(sessionLease()).isEqualTo(before);

        api.takeRequests();
        clock.advance(Duration.ofSeconds(1));
        assertThat(d.renewLeaseIfDue()).isTrue();
        String expected = LeaseTimes.format(clock.instant().plus(Duration.ofMinutes(3)));
        assertThat(sessionLease()).isEqualTo(expected);
        // One PATCH of the Secret, whatever the number of nodes; the pods are not touched.
        assertThat(api.takeRequests().stream().filter(r -> !MockApiServer.fromSimulator(r))
                .map(r -> r.getMethod() + " " + r.getPath()).toList())
                .containsExactly("PATCH /api/v1/namespaces/nightjar/secrets/" + SensorObjectNames.secret(session));
        assertThat(d.renewLeaseIfDue()).isFalse(); // just renewed
        d.stop(WAIT);
        clock.advance(Duration.ofMinutes(5));
        assertThat(d.renewLeaseIfDue()).isFalse(); // stopped sessions hold no lease
    }

    private String sessionLease() {
        return leaseOf(sim.secrets().inNamespace(NS).withName(SensorObjectNames.secret(session)).get());
    }

    @Test
    void theShutdownTeardownRunsTheStopOnce() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        ShutdownTeardown hook = new ShutdownTeardown(d, WAIT);
        api.takeRequests();

        hook.run();
        hook.run();
        d.stop(WAIT);

        assertThat(hook.hasRun()).isTrue();
        assertThat(d.isStopped()).isTrue();
        assertThat(sim.pods().inNamespace(NS).list().getItems()).isEmpty();
        long podDeletes = api.takeRequests().stream()
                .filter(r -> !MockApiServer.fromSimulator(r) && r.getMethod().equals("DELETE")
                        && r.getPath().startsWith("/api/v1/namespaces/nightjar/pods/"))
                .count();
        assertThat(podDeletes).isEqualTo(2);
    }

    @Test
    void registeringTheHookWithTheJvmAndRemovingItWorks() throws Exception {
        SensorDeployment d = deployment(PrivilegeMode.PRIVILEGED);
        d.deploy();
        ShutdownTeardown hook = ShutdownTeardown.register(d, WAIT);
        d.stop(WAIT);
        hook.unregister();
        assertThat(hook.hasRun()).isFalse();
        assertThat(d.isStopped()).isTrue();
    }

    private static String leaseOf(HasMetadata o) {
        return o.getMetadata().getAnnotations().get(NightjarLabels.LEASE_EXPIRES);
    }

    private static void awaitStage(SensorDeployment d, String node, SensorPodStage stage) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (d.status().get(node).stage() != stage) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node + " never reached " + stage + "; now " + d.status().get(node));
            }
            Thread.sleep(20);
        }
    }
}
