package dev.nightjar.desktop.cluster;

import static dev.nightjar.desktop.cluster.ClusterObjects.denyAll;
import static dev.nightjar.desktop.cluster.ClusterObjects.hostNetworkPod;
import static dev.nightjar.desktop.cluster.ClusterObjects.job;
import static dev.nightjar.desktop.cluster.ClusterObjects.namespace;
import static dev.nightjar.desktop.cluster.ClusterObjects.node;
import static dev.nightjar.desktop.cluster.ClusterObjects.ownedPod;
import static dev.nightjar.desktop.cluster.ClusterObjects.pod;
import static dev.nightjar.desktop.cluster.ClusterObjects.replicaSet;
import static dev.nightjar.desktop.cluster.ClusterObjects.service;
import static dev.nightjar.desktop.cluster.ClusterObjects.slice;
import static dev.nightjar.desktop.cluster.ClusterObjects.withContainerId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.naming.FlowEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live Enricher against fabric8's mock API server in CRUD mode: real informers, real watches. */
class EnricherTest {

    private static final String CONTAINER_ID = "3f1c2b7a9d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";

    private MockApiServer api;
    private KubernetesClient sim;
    private Enricher enricher;

    @BeforeEach
    void start() {
        api = new MockApiServer();
        sim = api.simulator();
    }

    @AfterEach
    void stop() {
        if (enricher != null) {
            enricher.close();
        }
        api.close();
    }

    private Enricher startEnricher() throws InterruptedException {
        enricher = Enricher.start(api.client());
        assertThat(enricher.awaitSynced(Duration.ofSeconds(20))).as("informers synced").isTrue();
        assertThat(enricher.problems()).isEmpty();
        return enricher;
    }

    @Test
    void namesPodIpsAndServiceIpsWithTheirWorkloadsThroughOwnerReferences() throws Exception {
        sim.namespaces().resource(namespace("shop")).create();
        sim.nodes().resource(node("node-a", "192.168.1.10")).create();
        sim.apps().replicaSets().inNamespace("shop").resource(replicaSet("shop", "web-7d9f8c6b5", "web")).create();
        sim.batch().v1().jobs().inNamespace("shop").resource(job("shop", "report-29000000", "nightly-report")).create();
        sim.pods().inNamespace("shop").resource(ownedPod("shop", "web-7d9f8c6b5-x2x9q", "node-a", "10.244.1.5",
                "ReplicaSet", "web-7d9f8c6b5")).create();
        sim.pods().inNamespace("shop").resource(ownedPod("shop", "report-29000000-abcde", "node-a", "10.244.1.6",
                "Job", "report-29000000")).create();
        sim.pods().inNamespace("shop").resource(ownedPod("shop", "db-0", "node-a", "10.244.1.7",
                "StatefulSet", "db")).create();
        sim.pods().inNamespace("shop").resource(ownedPod("shop", "logs-q8z7w", "node-a", "10.244.1.8",
                "DaemonSet", "logs")).create();
        sim.pods().inNamespace("shop").resource(pod("shop", "debug", "node-a", "10.244.1.9").build()).create();
        sim.services().inNamespace("shop").resource(service("shop", "web", "10.96.0.20", "http", 80)).create();
        sim.discovery().v1().endpointSlices().inNamespace("shop").resource(slice("shop", "web", "10.244.1.5", 8080))
                .create();

        startEnricher();

        FlowEndpoint web = enricher.name("10.244.1.5", 8080);
        assertThat(web).isEqualTo(new FlowEndpoint("10.244.1.5", 8080, "shop", "web-7d9f8c6b5-x2x9q", "web", "web",
                "node-a"));
        assertThat(enricher.index().identify("10.244.1.5", 8080).orElseThrow().workloadKind()).isEqualTo("Deployment");
        EndpointIdentity report = enricher.index().identify("10.244.1.6", 443).orElseThrow();
        assertThat(report.workloadKind()).isEqualTo("CronJob");
        assertThat(report.workload()).isEqualTo("nightly-report");
        assertThat(enricher.name("10.244.1.7", 5432).workload()).isEqualTo("db");
        assertThat(enricher.name("10.244.1.8", 24224).workload()).isEqualTo("logs");
        assertThat(enricher.name("10.244.1.9", 1).workload()).isEqualTo("debug");

        EndpointIdentity svc = enricher.index().identify("10.96.0.20", 80).orElseThrow();
        assertThat(svc.kind()).isEqualTo(EndpointIdentity.Kind.SERVICE);
        assertThat(svc.service()).isEqualTo("web");
        assertThat(svc.servicePort()).isEqualTo("http");
        assertThat(enricher.name("10.96.0.20", 80).label()).isEqualTo("svc shop/web:80");

        assertThat(enricher.name("8.8.8.8", 53)).isEqualTo(FlowEndpoint.ofAddress("8.8.8.8", 53));
    }

    @Test
    void aNodeAddressNamesTheOneHostNetworkPodOnThePortElseTheNode() throws Exception {
        sim.nodes().resource(node("node-a", "192.168.1.10")).create();
        sim.pods().inNamespace("monitoring").resource(hostNetworkPod("monitoring", "node-exporter-abcde", "node-a",
                "192.168.1.10", 9100)).create();
        sim.pods().inNamespace("kube-system").resource(hostNetworkPod("kube-system", "kube-proxy-fghij", "node-a",
                "192.168.1.10", 10256)).create();
        sim.pods().inNamespace("kube-system").resource(hostNetworkPod("kube-system", "agent-a", "node-a",
                "192.168.1.10", 7000)).create();
        sim.pods().inNamespace("kube-system").resource(hostNetworkPod("kube-system", "agent-b", "node-a",
                "192.168.1.10", 7000)).create();

        startEnricher();

        EndpointIdentity exporter = enricher.index().identify("192.168.1.10", 9100).orElseThrow();
        assertThat(exporter.kind()).isEqualTo(EndpointIdentity.Kind.HOST_NETWORK_POD);
        assertThat(exporter.pod()).isEqualTo("node-exporter-abcde");
        assertThat(enricher.name("192.168.1.10", 10256).pod()).isEqualTo("kube-proxy-fghij");
        // Two host-network pods declare 7000, and nothing declares 22: the node, not a guess.
        for (int port : new int[] {7000, 22}) {
            FlowEndpoint e = enricher.name("192.168.1.10", port);
            assertThat(e.pod()).isEmpty();
            assertThat(e.node()).isEqualTo("node-a");
            assertThat(e.label()).isEqualTo("node node-a:" + port);
        }
    }

    @Test
    void containerIdsAndCgroupPathsNameThePodAndContainer() throws Exception {
        Pod pod = withContainerId(pod("shop", "cart-1", "node-a", "10.244.2.3"), "app", "containerd://" + CONTAINER_ID);
        sim.pods().inNamespace("shop").resource(pod).create();
        startEnricher();

        EndpointIndex.ContainerIdentity byId = enricher.index().container(CONTAINER_ID).orElseThrow();
        assertThat(byId.pod()).isEqualTo("cart-1");
        assertThat(byId.container()).isEqualTo("app");
        assertThat(enricher.index().container("containerd://" + CONTAINER_ID)).contains(byId);

        String uid = sim.pods().inNamespace("shop").withName("cart-1").get().getMetadata().getUid(); // the server's
        String systemd = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_')
                + ".slice/cri-containerd-" + CONTAINER_ID + ".scope";
        assertThat(enricher.index().cgroup(systemd)).contains(byId);
        // A pod's own cgroup (no container level) still names the pod.
        EndpointIndex.ContainerIdentity byUid = enricher.index().cgroup("/kubepods/besteffort/pod" + uid).orElseThrow();
        assertThat(byUid.pod()).isEqualTo("cart-1");
        assertThat(byUid.container()).isEmpty();
        assertThat(enricher.index().container("0".repeat(64))).isEmpty();
    }

    @Test
    void followsUpdatesADeletedPodLosesItsNameAndAReusedIpNamesTheNewPod() throws Exception {
        sim.pods().inNamespace("shop").resource(pod("shop", "old", "node-a", "10.244.3.4").build()).create();
        startEnricher();
        assertThat(enricher.name("10.244.3.4", 80).pod()).isEqualTo("old");

        sim.pods().inNamespace("shop").resource(pod("shop", "new", "node-b", "10.244.3.4").build()).create();
        awaitTrue(() -> enricher.name("10.244.3.4", 80).pod().equals("new"));
        // The terminating old pod's status write does not take the address back...
        sim.pods().inNamespace("shop").withName("old").editStatus(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p)
                .editStatus().withMessage("terminating").endStatus().build());
        // ...nor does its removal unname the new pod.
        sim.pods().inNamespace("shop").withName("old").delete();
        awaitTrue(() -> enricher.index().podCount() == 1);
        assertThat(enricher.name("10.244.3.4", 80).pod()).isEqualTo("new");

        sim.pods().inNamespace("shop").withName("new").delete();
        awaitTrue(() -> enricher.index().podCount() == 0);
        assertThat(enricher.name("10.244.3.4", 80).pod()).isEmpty();
    }

    @Test
    void theSnapshotCarriesNoEnvValuesNoAnnotationsAndTheCachedObjectsStayUntouched() throws Exception {
        sim.namespaces().resource(namespace("shop", "team", "payments")).create();
        sim.pods().inNamespace("shop").resource(pod("shop", "web-1", "node-a", "10.244.1.5").build()).create();
        sim.network().v1().networkPolicies().inNamespace("shop").resource(denyAll("shop", "deny", "web-1")).create();
        startEnricher();

        ClusterSnapshot snapshot = enricher.snapshot();
        assertThat(snapshot.networkPolicies()).hasSize(1);
        assertThat(snapshot.namespaces()).extracting(ClusterSnapshot.NamespaceRecord::name).contains("shop");
        String json = new String(ClusterSnapshotJson.write(snapshot), StandardCharsets.UTF_8);
        assertThat(json).contains("web-1").doesNotContain("hunter2").doesNotContain("SECRET_TOKEN")
                .doesNotContain("last-applied-configuration").doesNotContain("managedFields");

        ClusterSnapshot redacted = snapshot.withLabels(labels -> labels.containsKey("team") ? java.util.Map.of() : labels);
        assertThat(redacted.namespaces()).allMatch(n -> !n.labels().containsKey("team"));
        assertThat(redacted.networkPolicies().getFirst().getSpec().getIngress().getFirst().getFrom().getFirst()
                .getNamespaceSelector().getMatchLabels()).isEmpty();
        // the original snapshot (and what the index holds) is unchanged
        assertThat(enricher.snapshot().networkPolicies().getFirst().getSpec().getIngress().getFirst().getFrom()
                .getFirst().getNamespaceSelector().getMatchLabels()).containsEntry("team", "payments");
    }

    @Test
    void aResourceTheUserMayNotWatchIsReportedAndTheRestStillNames() throws Exception {
        api.server().expect().get().withPath("/apis/networking.k8s.io/v1/networkpolicies?resourceVersion=0")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("networkpolicies.networking.k8s.io is forbidden: User \"alice\" cannot list"
                                + " resource \"networkpolicies\" in API group \"networking.k8s.io\" at the cluster scope")
                        .withNewDetails().withGroup("networking.k8s.io").withKind("networkpolicies").endDetails()
                        .build()).always();
        sim.pods().inNamespace("shop").resource(pod("shop", "web-1", "node-a", "10.244.1.5").build()).create();

        enricher = Enricher.start(api.client());
        assertThat(enricher.awaitSynced(Duration.ofSeconds(20))).isTrue();
        assertThat(enricher.problems()).singleElement().asString().contains("not allowed to list networkpolicies").contains("packaging/rbac")
                .doesNotContain("Exception");
        assertThat(enricher.name("10.244.1.5", 80).pod()).isEqualTo("web-1");
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
