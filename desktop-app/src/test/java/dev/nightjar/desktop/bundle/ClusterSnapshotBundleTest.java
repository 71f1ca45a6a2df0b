package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ContainerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NamespaceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NodeRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.OwnerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PortRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ServiceRecord;
import dev.nightjar.desktop.cluster.EndpointIndex;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster snapshot travels in the bundle, so an offline bundle names endpoints as the live session did. */
class ClusterSnapshotBundleTest {

    @TempDir
    Path dir;

    private static CaptureStore storeWithOneFlow() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
        store.accept(SensorEvent.newBuilder().setNode("node-a").setSequence(1).setTimestampNs(10)
                .setFlow(FlowUpdate.newBuilder().setFlowId(1)).build());
        return store;
    }

    private static EndpointIndex liveIndex() {
        EndpointIndex index = new EndpointIndex();
        index.putNamespace(new NamespaceRecord("shop", Map.of("team", "payments")));
        index.putNode(new NodeRecord("node-a", Map.of("role", "worker"), List.of("192.168.1.10"), "6.8", "Ubuntu",
                "amd64", "containerd://1.7"));
        index.putOwner(new OwnerRecord("ReplicaSet", "shop", "web-7d9f8c6b5", "Deployment", "web"));
        index.putPod(new PodRecord("shop", "web-7d9f8c6b5-x2x9q", "0d5c3b1e-8f2a-4c6d-9e7f-1a2b3c4d5e6f", "node-a", false,
                List.of("10.244.1.5"), Map.of("app", "web"), "ReplicaSet", "web-7d9f8c6b5", "7d9f8c6b5",
                List.of(new ContainerRecord("app", "ab".repeat(32))), List.of()));
        index.putService(new ServiceRecord("shop", "web", Map.of(), List.of("10.96.0.20"),
                List.of(new PortRecord("http", 80, "TCP"))));
        index.putNetworkPolicy(new NetworkPolicyBuilder().withNewMetadata().withName("deny").withNamespace("shop")
                .endMetadata().withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .withPolicyTypes("Ingress")
                // numeric and named ports: IntOrString must survive the JSON round trip
                .addNewIngress().addNewPort().withProtocol("TCP").withPort(new io.fabric8.kubernetes.api.model.IntOrString(8080))
                .endPort().addNewPort().withPort(new io.fabric8.kubernetes.api.model.IntOrString("http")).endPort().endIngress()
                .endSpec().build());
        return index;
    }

    @Test
    void anExportedSnapshotNamesTheBundlesEndpointsOffline() throws Exception {
        EndpointIndex live = liveIndex();
        Path file = dir.resolve("with-cluster.njcap");
        BundleExport.write(storeWithOneFlow(), file, live.snapshot());

        BundleImport imported = BundleImport.into(file, new CaptureStore(StoreLimits.uniform(100, 4)));
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.clusterSnapshot()).isEqualTo(live.snapshot());
        EndpointNamer offline = imported.namer();
        for (String ip : List.of("10.244.1.5", "10.96.0.20", "192.168.1.10", "1.1.1.1")) {
            assertThat(offline.name(ip, 80)).as(ip).isEqualTo(live.name(ip, 80));
        }
        assertThat(offline.name("10.244.1.5", 8080).workload()).isEqualTo("web");
        assertThat(EndpointIndex.of(imported.clusterSnapshot()).container("ab".repeat(32)).orElseThrow().pod())
                .isEqualTo("web-7d9f8c6b5-x2x9q");
    }

    @Test
    void aBundleWithoutTheSnapshotOpensAndShowsAddresses() throws Exception {
        Path file = dir.resolve("plain.njcap");
        BundleExport.write(storeWithOneFlow(), file);

        BundleImport imported = BundleImport.into(file, new CaptureStore(StoreLimits.uniform(100, 4)));
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.eventsRead()).isEqualTo(1);
        assertThat(imported.clusterSnapshot()).isNull();
        assertThat(imported.namer().name("10.244.1.5", 80).label()).isEqualTo("10.244.1.5:80");
    }

    @Test
    void aRedactedExportHashesTheSnapshotsAddressesLikeTheEventsSoNamesStillResolve() throws Exception {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
        store.accept(SensorEvent.newBuilder().setNode("node-a").setSequence(1).setTimestampNs(10)
                .setFlow(FlowUpdate.newBuilder().setFlowId(1).setTuple(FiveTuple.newBuilder()
                        .setSrcAddr(ByteString.copyFrom(new byte[] {10, (byte) 244, 1, 5})).setSrcPort(41000)
                        .setDstAddr(ByteString.copyFrom(new byte[] {10, 96, 0, 20})).setDstPort(80)
                        .setProtocol(L4Protocol.L4_PROTOCOL_TCP)))
                .build());
        Path file = dir.resolve("redacted.njcap");
        BundleExport.write(store, new ExportRequest(TimeWindow.ALL, java.util.Set.of(), Redaction.ALL), file,
                ExportProgress.NONE, liveIndex().snapshot());

        CaptureStore reopened = new CaptureStore(StoreLimits.uniform(100, 4));
        BundleImport imported = BundleImport.into(file, reopened);
        ClusterSnapshot snapshot = imported.clusterSnapshot();
        String podIp = snapshot.pods().getFirst().ips().getFirst();
        assertThat(podIp).isNotEqualTo("10.244.1.5");
        assertThat(java.net.InetAddress.ofLiteral(podIp).getAddress()[0] & 0xf0).as("in 240.0.0.0/4").isEqualTo(0xf0);
        assertThat(snapshot.services().getFirst().clusterIps().getFirst()).isNotEqualTo("10.96.0.20");
        assertThat(snapshot.nodes().getFirst().addresses()).doesNotContain("192.168.1.10");
        assertThat(snapshot.pods().getFirst().labels()).doesNotContainKey("team");
        // the flow's hashed source is the pod's hashed IP: the offline bundle still names it
        FiveTuple tuple = reopened.node("node-a").orElseThrow().events(PayloadKind.FLOW).getFirst().getFlow().getTuple();
        String source = java.net.InetAddress.getByAddress(tuple.getSrcAddr().toByteArray()).getHostAddress();
        assertThat(source).isEqualTo(podIp);
        assertThat(imported.namer().name(source, 41000).pod()).isEqualTo("web-7d9f8c6b5-x2x9q");
    }

    @Test
    void theLabelAllowListIsOneCallOnTheSnapshot() {
        ClusterSnapshot redacted = liveIndex().snapshot()
                .withLabels(labels -> labels.containsKey("app") ? Map.of("app", labels.get("app")) : Map.of());
        assertThat(redacted.namespaces().getFirst().labels()).isEmpty();
        assertThat(redacted.nodes().getFirst().labels()).isEmpty();
        assertThat(redacted.pods().getFirst().labels()).containsExactly(Map.entry("app", "web"));
        assertThat(redacted.networkPolicies().getFirst().getSpec().getPodSelector().getMatchLabels())
                .containsExactly(Map.entry("app", "web"));
    }
}
