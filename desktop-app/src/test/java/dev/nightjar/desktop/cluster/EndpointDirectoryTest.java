package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.flows.FlowEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointDirectoryTest {

    private static Pod pod(String ns, String name, String ip, String ownerKind, String ownerName, boolean hostNetwork) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata();
        if (ownerKind != null) {
            b.editMetadata().addNewOwnerReference().withKind(ownerKind).withName(ownerName).withController(true)
                    .withApiVersion("apps/v1").withUid("u").endOwnerReference().endMetadata();
        }
        return b.withNewSpec().withHostNetwork(hostNetwork).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build();
    }

    private static Service service(String ns, String name, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withClusterIPs(clusterIp).endSpec().build();
    }

    @Test
    void namesPodsWithTheirWorkloadAndServicesByClusterIp() {
        EndpointDirectory dir = EndpointDirectory.of(List.of(
                pod("shop", "frontend-7d9c8b6f5-x2x9z", "10.244.1.7", "ReplicaSet", "frontend-7d9c8b6f5", false),
                pod("shop", "redis-0", "10.244.2.3", "StatefulSet", "redis", false),
                pod("kube-system", "cilium-abcde", "10.244.2.4", "DaemonSet", "cilium", false),
                pod("batch", "report-28745620-q7x2p", "10.244.3.8", "Job", "report-28745620", false),
                pod("batch", "one-off", "10.244.3.9", null, null, false),
                pod("v6", "api-6c9f-aaaaa", "fd00:10:244::5", "ReplicaSet", "api-6c9f8d7b4", false)),
                List.of(service("shop", "cart", "10.96.12.40"), service("shop", "headless", "None")));

        assertThat(dir.name("10.244.1.7", 8080)).isEqualTo(new FlowEndpoint("10.244.1.7", 8080, "shop",
                "frontend-7d9c8b6f5-x2x9z", "frontend", ""));
        assertThat(dir.name("10.244.2.3", 6379).workload()).isEqualTo("redis");
        assertThat(dir.name("10.244.2.4", 1).workload()).isEqualTo("cilium");
        assertThat(dir.name("10.244.3.8", 1).workload()).as("a CronJob's job").isEqualTo("report");
        assertThat(dir.name("10.244.3.9", 1).workload()).as("a bare pod").isEqualTo("one-off");
        assertThat(dir.name("fd00:10:244::5", 443).pod()).isEqualTo("api-6c9f-aaaaa");
        assertThat(dir.name("10.96.12.40", 80).label()).isEqualTo("svc shop/cart:80");
        assertThat(dir.name("203.0.113.9", 443).label()).isEqualTo("203.0.113.9:443");
    }

    @Test
    void hostNetworkPodsSharingTheNodeIpAreNotNamedWrongly() {
        EndpointDirectory dir = EndpointDirectory.of(List.of(
                pod("kube-system", "kube-proxy-aaaaa", "10.0.1.17", "DaemonSet", "kube-proxy", true),
                pod("kube-system", "node-exporter-bbbbb", "10.0.1.17", "DaemonSet", "node-exporter", true),
                pod("monitoring", "agent-ccccc", "10.0.2.41", "DaemonSet", "agent", true)), List.of());
        assertThat(dir.name("10.0.1.17", 10250).pod()).isEmpty();
        assertThat(dir.name("10.0.2.41", 9100).pod()).as("the only host-network pod on that IP").isEqualTo("agent-ccccc");
    }

    @Test
    void tenThousandPodsAreOneRecordEach() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            pods.add(pod("ns" + (i % 50), "app-" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                    "ReplicaSet", "app-" + (i % 200) + "-5d8f7c9b6", false));
        }
        EndpointDirectory dir = EndpointDirectory.of(pods, List.of());
        assertThat(dir.size()).isEqualTo(10_000);
        assertThat(dir.name("10.0.39.15", 80).pod()).isEqualTo("app-" + (39 * 256 + 15));
    }
}
