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
import java.util.stream.Collectors;

/**
 * The Kubernetes side of the shop lab, as a cluster would describe it: namespace
 * {@code shop} with three Deployments' pods and the orders-db StatefulSet's pod, kube-system's
 * CoreDNS pod (which the lab's dnsmasq plays), each carrying the lab's pod UIDs, container ids
 * and addresses, their Services and EndpointSlices, and two NetworkPolicies — one of which
 * (frontend's egress policy) is what the lab's nft rule plays.
 */
public final class ShopCluster {

    public static final String NAMESPACE = "shop";
    private static final String KUBE_SYSTEM = "kube-system";

    /**
     * One pod of the lab as its cluster names it.
     *
     * @param lab        the lab's name for it ({@link ShopLab.Service#name()})
     * @param owner      the pod's controller: a ReplicaSet (of a Deployment) or a StatefulSet
     * @param deployment the ReplicaSet's Deployment, "" for a StatefulSet
     * @param templateHash the ReplicaSet's pod-template-hash, or the StatefulSet's revision
     */
    private record App(String lab, String namespace, String podName, String ownerKind, String owner,
                       String deployment, String templateHash, Map<String, String> labels, String container,
                       String service, String clusterIp, PortRecord port) {
    }

    private static App deployment(String name, String replicaSetHash, String podSuffix, String clusterIp, PortRecord port) {
        String replicaSet = name + "-" + replicaSetHash;
        return new App(name, NAMESPACE, replicaSet + "-" + podSuffix, "ReplicaSet", replicaSet, name, replicaSetHash,
                Map.of("app", name, "pod-template-hash", replicaSetHash), name, name, clusterIp, port);
    }

    private static final List<App> APPS = List.of(
            deployment("frontend", "6d8f7b9c4", "x2v7p", "10.96.40.10", new PortRecord("http", 80, "TCP")),
            deployment("cart", "7c9d5f8b6", "k4m2n", "10.96.40.11", new PortRecord("http", 8080, "TCP")),
            deployment("payments", "5b7c8d9f4", "q8w3r", "10.96.40.12", new PortRecord("grpc", 9090, "TCP")),
            new App("orders-db", NAMESPACE, "orders-db-0", "StatefulSet", "orders-db", "", "orders-db-7f6c9d8b5",
                    Map.of("app", "orders-db", "statefulset.kubernetes.io/pod-name", "orders-db-0",
                            "controller-revision-hash", "orders-db-7f6c9d8b5"),
                    "postgres", "orders-db", "10.96.40.13", new PortRecord("postgres", 5432, "TCP")),
            new App("kube-dns", KUBE_SYSTEM, "coredns-5d78c9869d-w9tq2", "ReplicaSet", "coredns-5d78c9869d", "coredns",
                    "5d78c9869d", Map.of("k8s-app", "kube-dns", "pod-template-hash", "5d78c9869d"), "coredns", "kube-dns",
                    "10.96.0.10", new PortRecord("dns", 53, "UDP")));

    private ShopCluster() {
    }

    public static ClusterSnapshot of(ShopLab lab, String node, String nodeAddress) {
        List<PodRecord> pods = new ArrayList<>();
        List<ServiceRecord> services = new ArrayList<>();
        List<EndpointSliceRecord> slices = new ArrayList<>();
        List<OwnerRecord> owners = new ArrayList<>();
        for (App app : APPS) {
            ShopLab.Service s = lab.services().stream().filter(x -> x.name().equals(app.lab())).findFirst().orElseThrow();
            pods.add(new PodRecord(app.namespace(), app.podName(), s.podUid(), node, false,
                    List.of(s.ip().getHostAddress()), app.labels(), app.ownerKind(), app.owner(), app.templateHash(),
                    List.of(new ContainerRecord(app.container(), s.containerId())), List.of()));
            if (!app.deployment().isEmpty()) {
                owners.add(new OwnerRecord("ReplicaSet", app.namespace(), app.owner(), "Deployment", app.deployment()));
            }
            // the Service selects its pods by their app label (k8s-app for CoreDNS)
            Map<String, String> selector = app.labels().entrySet().stream()
                    .filter(e -> e.getKey().equals("app") || e.getKey().equals("k8s-app"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            services.add(new ServiceRecord(app.namespace(), app.service(), selector, List.of(app.clusterIp()),
                    List.of(app.port())));
            slices.add(new EndpointSliceRecord(app.namespace(), app.service() + "-h7k2d", app.service(),
                    List.of(s.ip().getHostAddress()), List.of(app.port())));
        }
        return new ClusterSnapshot(ClusterSnapshot.VERSION,
                List.of(new NodeRecord(node, Map.of("kubernetes.io/hostname", node, "kubernetes.io/arch", "amd64",
                        "node-role.kubernetes.io/worker", ""), List.of(nodeAddress), System.getProperty("os.version"),
                        "Debian GNU/Linux 12 (bookworm)", "amd64", "containerd://1.7.24")),
                pods, services, slices, List.of(frontendEgress(), paymentsIngress()),
                List.of(new NamespaceRecord(NAMESPACE, Map.of("kubernetes.io/metadata.name", NAMESPACE)),
                        new NamespaceRecord(KUBE_SYSTEM, Map.of("kubernetes.io/metadata.name", KUBE_SYSTEM))),
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
