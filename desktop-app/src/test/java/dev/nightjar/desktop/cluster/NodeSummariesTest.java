package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeSummariesTest {

    private static Node node(String name, boolean ready, String kernel, String arch) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("node-role.kubernetes.io/control-plane", "")
                .addToLabels("node-role.kubernetes.io/infra", "true")
                .addToLabels("kubernetes.io/arch", arch).endMetadata()
                .withNewSpec().addNewTaint().withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule")
                .endTaint().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoExecute").endTaint()
                .endSpec()
                .withNewStatus()
                .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "Unknown").endCondition()
                .withNewNodeInfo().withKernelVersion(kernel).withArchitecture(arch).withOsImage("Bottlerocket OS 1.20")
                .withContainerRuntimeVersion("containerd://1.6.28").endNodeInfo()
                .endStatus().build();
    }

    private static Pod pod(String ns, String name, String node, String phase, String session) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (session != null) {
            b.editMetadata().addToLabels(NightjarLabels.MANAGED_BY, "nightjar").addToLabels(NightjarLabels.SESSION, session)
                    .endMetadata();
        }
        return b.build();
    }

    @Test
    void readsEveryColumnFromTheApiServer() {
        try (MockApiServer api = new MockApiServer()) {
            var sim = api.simulator();
            sim.nodes().resource(node("worker-2", true, "6.1.0-18-amd64", "amd64")).create();
            sim.nodes().resource(node("worker-1", false, "5.4.0-1103-aws", "arm64")).create();
            sim.pods().inNamespace("shop").resource(pod("shop", "web", "worker-1", "Running", null)).create();
            sim.pods().inNamespace("shop").resource(pod("shop", "job", "worker-1", "Succeeded", null)).create();
            sim.pods().inNamespace("nightjar").resource(pod("nightjar", "s", "worker-1", "Running", "other01")).create();
            sim.pods().inNamespace("shop").resource(pod("shop", "api", "worker-2", "Pending", null)).create();

            List<NodeSummary> nodes = NodeSummaries.read(api.client());

            assertThat(nodes).extracting(NodeSummary::name).containsExactly("worker-1", "worker-2");
            NodeSummary w1 = nodes.getFirst();
            assertThat(w1.ready()).isFalse();
            assertThat(w1.roles()).containsExactly("control-plane", "infra");
            assertThat(w1.kernelVersion()).isEqualTo("5.4.0-1103-aws");
            assertThat(w1.osImage()).isEqualTo("Bottlerocket OS 1.20");
            assertThat(w1.architecture()).isEqualTo("arm64");
            assertThat(w1.containerRuntime()).isEqualTo("containerd://1.6.28");
            assertThat(w1.podCount()).isEqualTo(2); // the finished job does not count
            assertThat(w1.taints()).containsExactly("node-role.kubernetes.io/control-plane:NoSchedule",
                    "dedicated=gpu:NoExecute");
            assertThat(w1.nightjarSessions()).containsExactly("other01");
            assertThat(nodes.get(1).ready()).isTrue();
            assertThat(nodes.get(1).podCount()).isEqualTo(1);
            assertThat(nodes.get(1).nightjarSessions()).isEmpty();

            assertThat(NodeWarnings.check(w1, Optional.of("mine"))).extracting(NodeWarning::kind)
                    .contains(NodeWarning.Kind.BLOCKING, NodeWarning.Kind.DEGRADED, NodeWarning.Kind.NOTE);
        }
    }

    @Test
    void nodesAndPodsAreReadInPagesWithProgress() {
        try (MockApiServer api = new MockApiServer()) {
            // Two pages of nodes and two of pods, as an API server pages them with limit/continue.
            api.server().expect().get().withPath("/api/v1/nodes?limit=500")
                    .andReturn(200, new NodeListBuilder().withNewMetadata().withContinue("n2").endMetadata()
                            .addToItems(node("worker-1", true, "6.8.0", "amd64")).build()).once();
            api.server().expect().get().withPath("/api/v1/nodes?continue=n2&limit=500")
                    .andReturn(200, new NodeListBuilder().withNewMetadata().endMetadata()
                            .addToItems(node("worker-2", true, "6.8.0", "amd64")).build()).once();
            api.server().expect().get().withPath("/api/v1/pods?limit=500")
                    .andReturn(200, new PodListBuilder().withNewMetadata().withContinue("p2").endMetadata()
                            .addToItems(pod("a", "x", "worker-1", "Running", null),
                                    pod("a", "y", "worker-2", "Running", null)).build()).once();
            api.server().expect().get().withPath("/api/v1/pods?continue=p2&limit=500")
                    .andReturn(200, new PodListBuilder().withNewMetadata().endMetadata()
                            .addToItems(pod("b", "z", "worker-1", "Running", "theirs01")).build()).once();
            List<String> progress = new ArrayList<>();

            NodeSummaries.Read read = NodeSummaries.read(api.client(), progress::add);

            assertThat(read.nodes()).extracting(NodeSummary::name, NodeSummary::podCount)
                    .containsExactly(tuple("worker-1", 2), tuple("worker-2", 1));
            assertThat(read.nodes().getFirst().nightjarSessions()).containsExactly("theirs01");
            assertThat(read.notes()).isEmpty();
            assertThat(progress).containsExactly("Reading nodes… 1", "Counting pods on the nodes… 2");
        }
    }

    @Test
    void podsThatMayNotBeListedLeaveTheNodesAndANote() {
        try (MockApiServer api = new MockApiServer()) {
            api.simulator().nodes().resource(node("worker-1", true, "6.8.0", "amd64")).create();
            api.server().expect().get().withPath("/api/v1/pods?limit=500")
                    .andReturn(403, ClusterObjects.status(403, "Forbidden", "pods is forbidden: User \"bob\" cannot list"
                            + " resource \"pods\" in API group \"\" at the cluster scope")).once();

            NodeSummaries.Read read = NodeSummaries.read(api.client(), line -> { });

            assertThat(read.nodes()).extracting(NodeSummary::name).containsExactly("worker-1");
            assertThat(read.notes()).singleElement().asString().startsWith("Pod counts are not shown:")
                    .contains("User \"bob\" is not allowed to list pods cluster-wide");
        }
    }

    @Test
    void theNodesOperatingSystemKubeletAndConditionsAreRead() {
        try (MockApiServer api = new MockApiServer()) {
            api.simulator().nodes().resource(new NodeBuilder().withNewMetadata().withName("win-1")
                    .addToLabels("kubernetes.io/os", "windows").endMetadata()
                    .withNewSpec().withUnschedulable(true).endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("Unknown")
                    .withReason("NodeStatusUnknown").withMessage("Kubelet stopped posting node status.").endCondition()
                    .addNewCondition().withType("DiskPressure").withStatus("True").endCondition()
                    .withNewNodeInfo().withOperatingSystem("windows").withKubeletVersion("v1.29.1")
                    .withArchitecture("amd64").endNodeInfo().endStatus().build()).create();

            NodeSummary n = NodeSummaries.read(api.client()).getFirst();

            assertThat(n.operatingSystem()).isEqualTo("windows");
            assertThat(n.kubeletVersion()).isEqualTo("v1.29.1");
            assertThat(n.ready()).isFalse();
            assertThat(n.health()).isEqualTo(new NodeHealth("Unknown",
                    "NodeStatusUnknown: Kubelet stopped posting node status.", List.of("DiskPressure"), true));
        }
    }
}
