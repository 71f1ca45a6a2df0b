package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
}
