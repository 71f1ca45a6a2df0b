package dev.nightjar.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sensor pod only runs where its image can: Linux, on an architecture the image is built for. */
class SensorPodPlacementTest {

    @Test
    void thePodRequiresLinuxAndAnImageArchitectureEvenThoughItToleratesEverything() {
        Pod pod = SensorPodSpec.build(SessionPlan.fresh(List.of("win-1"), false), "win-1", Instant.now());

        assertThat(pod.getSpec().getNodeName()).isEqualTo("win-1");
        assertThat(pod.getSpec().getTolerations()).singleElement()
                .satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
        assertThat(pod.getSpec().getNodeSelector()).containsExactly(java.util.Map.entry("kubernetes.io/os", "linux"));
        List<NodeSelectorRequirement> required = pod.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().getFirst().getMatchExpressions();
        assertThat(required).singleElement().satisfies(r -> {
            assertThat(r.getKey()).isEqualTo("kubernetes.io/arch");
            assertThat(r.getOperator()).isEqualTo("In");
            assertThat(r.getValues()).containsExactly("amd64", "arm64");
        });
    }
}
