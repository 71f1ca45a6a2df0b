package dev.nightjar.desktop.lab;

import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ContainerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.EndpointSliceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NamespaceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NodeRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.OwnerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PortRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ServiceRecord;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes side of the shop lab, as a cluster would describe it: namespace
 * {@code shop}, three Deployments' pods carrying the lab's pod UIDs, container ids and
 * addresses, their Services and EndpointSlices, and two NetworkPolicies — one of which
 * (frontend's egress policy) is what the lab's nft rule plays.
 */
public final class ShopCluster {

    public static final String NAMESPACE = "shop";

    private record App(String name, String replicaSet, String podSuffix, String clusterIp, PortRecord port) {
    }

    private static final List<App> APPS = List.of(
            new App("frontend", "frontend-6d8f7b9c4", "x2v7p", "10.96.40.10", new PortRecord("http", 80, "TCP")),
            new App("cart", "cart-7c9d5f8b6", "k4m2n", "10.96.40.11", new PortRecord("http", 8080, "TCP")),
            new App("payments", "payments-5b7c8d9f4", "q8w3r", "10.96.40.12", new PortRecord("grpc", 9090, "TCP")));

    private ShopCluster() {
    }

    public static ClusterSnapshot of(ShopLab lab, String node, String nodeAddress) {
        List<PodRecord> pods = new ArrayList<>();
        List<ServiceRecord> services = new ArrayList<>();
        List<EndpointSliceRecord> slices = new ArrayList<>();
        List<OwnerRecord> owners = new ArrayList<>();
        for (App app : APPS) {
            ShopLab.Service s = lab.services().stream().filter(x -> x.name().equals(app.name())).findFirst().orElseThrow();
            String hash = app.replicaSet().substring(app.replicaSet().lastIndexOf('-') + 1);
            pods.add(new PodRecord(NAMESPACE, app.replicaSet() + "-" + app.podSuffix(), s.podUid(), node, false,
                    List.of(s.ip().getHostAddress()), Map.of("app", app.name(), "pod-template-hash", hash),
                    "ReplicaSet", app.replicaSet(), hash, List.of(new ContainerRecord(app.name(), s.containerId())),
                    List.of()));
            owners.add(new OwnerRecord("ReplicaSet", NAMESPACE, app.replicaSet(), "Deployment", app.name()));
            services.add(new ServiceRecord(NAMESPACE, app.name(), Map.of("app", app.name()), List.of(app.clusterIp()),
                    List.of(app.port())));
            slices.add(new EndpointSliceRecord(NAMESPACE, app.name() + "-h7k2d", app.name(),
                    List.of(s.ip().getHostAddress()), List.of(app.port())));
        }
        return new ClusterSnapshot(ClusterSnapshot.VERSION,
                List.of(new NodeRecord(node, Map.of("kubernetes.io/hostname", node, "kubernetes.io/arch", "amd64",
                        "node-role.kubernetes.io/worker", ""), List.of(nodeAddress), System.getProperty("os.version"),
                        "Debian GNU/Linux 12 (bookworm)", "amd64", "containerd://1.7.24")),
                pods, services, slices, List.of(frontendEgress(), paymentsIngress()),
                List.of(new NamespaceRecord(NAMESPACE, Map.of("kubernetes.io/metadata.name", NAMESPACE)),
                        new NamespaceRecord("kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"))),
                owners);
    }

    /** frontend may call cart and DNS, nothing else: the lab's nft rule in frontend's namespace plays it. */
    private static NetworkPolicy frontendEgress() {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("frontend-egress").endMetadata()
                .withNewSpec()
                    .withNewPodSelector().addToMatchLabels("app", "frontend").endPodSelector()
                    .withPolicyTypes("Egress")
                    .addNewEgress()
                        .addNewTo().withNewPodSelector().addToMatchLabels("app", "cart").endPodSelector().endTo()
                        .addNewPort().withProtocol("TCP").withPort(new IntOrString(8080)).endPort()
                    .endEgress()
                    .addNewEgress()
                        .addNewTo()
                            .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                            .endNamespaceSelector()
                            .withNewPodSelector().addToMatchLabels("k8s-app", "kube-dns").endPodSelector()
                        .endTo()
                        .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
                        .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort()
                    .endEgress()
                .endSpec()
                .build();
    }

    /** payments admits cart on its gRPC port. */
    private static NetworkPolicy paymentsIngress() {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("payments-ingress").endMetadata()
                .withNewSpec()
                    .withNewPodSelector().addToMatchLabels("app", "payments").endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .addNewFrom().withNewPodSelector().addToMatchLabels("app", "cart").endPodSelector().endFrom()
                        .addNewPort().withProtocol("TCP").withPort(new IntOrString(9090)).endPort()
                    .endIngress()
                .endSpec()
                .build();
    }
}
