package dev.nightjar.desktop.bench;

import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshotJson;
import dev.nightjar.desktop.cluster.Enricher;
import dev.nightjar.desktop.cluster.EndpointIndex;
import dev.nightjar.desktop.cluster.MockApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * How much heap the Enricher keeps for a 10,000-pod cluster, and how long its informers
 * take to sync, against fabric8's mock API server in CRUD mode. Not a test: run by hand
 * (see docs/PERFORMANCE.md). For comparison, the same pods in a plain fabric8 informer
 * (full objects in its cache).
 *
 * <p>Retained heap = heap used after the Enricher synced minus heap used before it
 * started, each read after five {@code System.gc()} calls with pauses (MemoryMXBean);
 * the mock server's own copy of the cluster is in both readings and cancels out.
 */
public final class EnricherMemoryBench {

    private static final int PODS = 10_000;
    private static final int NAMESPACES = 100;
    private static final int NODES = 50;
    private static final int DEPLOYMENTS = 1_000;
    private static final int RUNS = 2;

    public static void main(String[] args) throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            long t0 = System.nanoTime();
            populate(api.simulator(), new Random(42));
            System.out.printf(Locale.ROOT, "populated %,d pods, %,d services, %,d replicasets, %d nodes in %.1f s%n",
                    PODS, DEPLOYMENTS, DEPLOYMENTS, NODES, (System.nanoTime() - t0) / 1e9);
            ClusterSnapshot snapshot = null;
            for (int run = 1; run <= RUNS; run++) {
                snapshot = measureEnricher(api.client(), run);
            }
            byte[] json = ClusterSnapshotJson.write(snapshot);
            System.out.printf(Locale.ROOT, "snapshot: %,d bytes of JSON (%d bytes/pod)%n", json.length,
                    json.length / PODS);
            snapshot = null;
            for (int run = 1; run <= RUNS; run++) {
                measureIndexAlone(json, run);
            }
            measurePlainInformer(api.client(), 1);
        }
    }

    /**
     * The index alone, as a bundle opens it: records read from the snapshot JSON (strings
     * not interned, so an upper bound for the live index) plus the lookup maps. No
     * informer and no server work in flight, so the heap difference is the index's own.
     */
    private static void measureIndexAlone(byte[] json, int run) throws Exception {
        long before = usedAfterGc();
        long start = System.nanoTime();
        EndpointIndex index = EndpointIndex.of(ClusterSnapshotJson.read(json));
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        long retained = usedAfterGc() - before;
        System.out.printf(Locale.ROOT, "run %d: EndpointIndex of %,d pods read and built in %.2f s; retained %.1f MiB"
                + " (%d bytes/pod)%n", run, index.podCount(), buildSeconds, mib(retained), retained / index.podCount());
        if (index.name("10.244.0.1", 8080).pod().isEmpty()) {
            throw new IllegalStateException("the index names nothing");
        }
    }

    private static ClusterSnapshot measureEnricher(KubernetesClient client, int run) throws Exception {
        long before = usedAfterGc();
        long start = System.nanoTime();
        Enricher enricher = Enricher.start(client);
        if (!enricher.awaitSynced(Duration.ofMinutes(5))) {
            throw new IllegalStateException("not synced in 5 minutes");
        }
        double syncSeconds = (System.nanoTime() - start) / 1e9;
        long withInformers = usedAfterGc() - before;
        int pods = enricher.index().podCount();
        enricher.close();
        EndpointIndex index = enricher.index(); // what a stopped session keeps
        long indexOnly = usedAfterGc() - before;
        System.out.printf(Locale.ROOT, "run %d: Enricher synced %,d pods in %.2f s; retained %.1f MiB with informers running,"
                        + " %.1f MiB index only (%d bytes/pod)%n", run, pods, syncSeconds, mib(withInformers),
                mib(indexOnly), withInformers / Math.max(1, pods));
        if (index.podCount() != PODS) {
            throw new IllegalStateException("synced " + index.podCount() + " pods, not " + PODS);
        }
        return enricher.snapshot();
    }

    private static void measurePlainInformer(KubernetesClient client, int run) throws Exception {
        long before = usedAfterGc();
        long start = System.nanoTime();
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().inform();
        while (!informer.hasSynced()) {
            Thread.sleep(10);
        }
        double syncSeconds = (System.nanoTime() - start) / 1e9;
        long retained = usedAfterGc() - before;
        int size = informer.getStore().list().size();
        informer.close();
        System.out.printf(Locale.ROOT, "run %d: plain fabric8 pod informer synced %,d pods in %.2f s; retained %.1f MiB"
                + " (%d bytes/pod)%n", run, size, syncSeconds, mib(retained), retained / Math.max(1, size));
    }

    private static void populate(KubernetesClient sim, Random random) {
        for (int n = 0; n < NAMESPACES; n++) {
            sim.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns-" + n)
                    .addToLabels("kubernetes.io/metadata.name", "ns-" + n).addToLabels("team", "team-" + (n % 10))
                    .endMetadata().build()).create();
        }
        for (int n = 0; n < NODES; n++) {
            sim.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + n)
                    .addToLabels("kubernetes.io/arch", "amd64").addToLabels("node-role.kubernetes.io/worker", "")
                    .endMetadata().withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0." + n)
                    .endAddress().withNewNodeInfo().withKernelVersion("6.8.0").withArchitecture("amd64")
                    .withOsImage("Ubuntu 24.04").withContainerRuntimeVersion("containerd://1.7").endNodeInfo()
                    .endStatus().build()).create();
        }
        List<String> replicaSets = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            String ns = "ns-" + (d % NAMESPACES);
            String hash = HexFormat.of().formatHex(new byte[] {(byte) d, (byte) (d >> 8), 7, 9, 1}).substring(0, 9);
            String rs = "app-" + d + "-" + hash;
            replicaSets.add(ns + "/" + rs + "/" + hash + "/" + d);
            sim.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata().withName(rs)
                    .withNamespace(ns).addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                    .withName("app-" + d).withUid(UUID.randomUUID().toString()).withController(true).endOwnerReference()
                    .endMetadata().withNewSpec().withReplicas(10).endSpec().build()).create();
            sim.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("app-" + d)
                    .withNamespace(ns).endMetadata().withNewSpec().withClusterIP("10.96." + (d / 250) + "." + (d % 250))
                    .addNewPort().withName("http").withPort(80).endPort().addToSelector("app", "app-" + d).endSpec()
                    .build()).create();
        }
        for (int p = 0; p < PODS; p++) {
            String[] rs = replicaSets.get(p % DEPLOYMENTS).split("/");
            String ns = rs[0];
            String name = rs[1] + "-" + Integer.toString(100_000 + p, 36);
            String ip = "10.244." + (p / 250) + "." + (p % 250);
            String containerId = HexFormat.of().formatHex(randomBytes(random, 32));
            sim.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                    .withUid(UUID.randomUUID().toString())
                    .addToLabels("app", "app-" + rs[3]).addToLabels("pod-template-hash", rs[2])
                    .addToLabels("team", "team-" + (p % 10)).addToLabels("version", "v1")
                    .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-20T10:00:00Z")
                    .addToAnnotations("prometheus.io/scrape", "true")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs[1])
                    .withUid(UUID.randomUUID().toString()).withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().withNodeName("node-" + (p % NODES))
                    .addNewContainer().withName("app").withImage("registry.example.com/app:1.2.3")
                    .addNewEnv().withName("DATABASE_URL").withValue("postgres://db:5432/app").endEnv()
                    .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                    .addNewPort().withContainerPort(8080).withName("http").endPort()
                    .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                    .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi")).endResources()
                    .endContainer()
                    .addNewContainer().withName("sidecar").withImage("registry.example.com/proxy:1.0").endContainer()
                    .endSpec()
                    .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP()
                    .withHostIP("192.168.0." + (p % NODES))
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewContainerStatus().withName("app").withContainerID("containerd://" + containerId)
                    .withImage("registry.example.com/app:1.2.3").withReady(true).withRestartCount(0).endContainerStatus()
                    .addNewContainerStatus().withName("sidecar")
                    .withContainerID("containerd://" + HexFormat.of().formatHex(randomBytes(random, 32)))
                    .withImage("registry.example.com/proxy:1.0").withReady(true).withRestartCount(0).endContainerStatus()
                    .endStatus().build()).create();
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
