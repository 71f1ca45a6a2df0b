package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NodeWarningsTest {

    private static NodeSummary node(String kernel, String arch, boolean ready, Set<String> sessions) {
        return new NodeSummary("n1", ready, List.of(), kernel, "Ubuntu", arch, "containerd://1.7", 3, List.of(), sessions);
    }

    private static List<String> messages(NodeSummary n) {
        return NodeWarnings.check(n, Optional.empty()).stream().map(NodeWarning::message).toList();
    }

    /** kernel → how many features are missing, and the newest one that is (or "-" for none). */
    @ParameterizedTest
    @CsvSource(textBlock = """
            4.19.0-26-amd64,        4, BTF-based tracing (tp_btf)
            5.4.0-1103-aws,         4, needs 5.5
            5.5.0,                  3, needs 5.8
            5.10.209-198.858.amzn2, 2, the reason argument of skb:kfree_skb arrived in 5.17
            5.15.0-1057-azure,      2, needs 5.17
            5.17.0,                 1, sock:sock_send_length tracepoint arrived in 6.3
            6.2.16,                 1, needs 6.3
            6.3.0,                  0, -
            6.18.0-nightjar,        0, -
            10.0.1,                 0, -
            """)
    void kernelVersionsAreComparedNumericallyPerFeature(String kernel, int missing, String phrase) {
        List<String> warnings = messages(node(kernel, "amd64", true, Set.of()));
        assertThat(warnings).hasSize(missing);
        if (missing > 0) {
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains(phrase).contains("kernel " + kernel));
        }
    }

    @Test
    void anUnreadableKernelVersionIsANoteNotAGuess() {
        assertThat(NodeWarnings.check(node("unknown", "amd64", true, Set.of()), Optional.empty()))
                .singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo(NodeWarning.Kind.NOTE));
    }

    @Test
    void architecturesWithoutAnImageBlock() {
        assertThat(messages(node("6.8.0", "s390x", true, Set.of())))
                .containsExactly("Node n1 is s390x; the sensor image is published for [amd64, arm64] only.");
        assertThat(messages(node("6.8.0", "arm64", true, Set.of()))).isEmpty();
    }

    @Test
    void notReadyBlocks() {
        assertThat(NodeWarnings.check(node("6.8.0", "amd64", false, Set.of()), Optional.empty()))
                .singleElement().satisfies(w -> {
                    assertThat(w.kind()).isEqualTo(NodeWarning.Kind.BLOCKING);
                    assertThat(w.message()).contains("NotReady");
                });
    }

    @Test
    void anotherSessionsSensorIsNotedButOurOwnIsNot() {
        NodeSummary n = node("6.8.0", "amd64", true, Set.of("mine", "theirs"));
        assertThat(NodeWarnings.check(n, Optional.of("mine"))).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("another session (theirs)"));
        assertThat(NodeWarnings.check(node("6.8.0", "amd64", true, Set.of("mine")), Optional.of("mine"))).isEmpty();
    }

    private static NodeSummary platform(String name, String os, String kernel, String osImage, Map<String, String> labels,
                                        List<String> taints, String kubelet, NodeHealth health) {
        return new NodeSummary(name, "True".equals(health.readyStatus()), List.of(), kernel, osImage, "amd64",
                "containerd://1.7", 3, taints, Set.of(), labels, os, kubelet, health);
    }

    private static final NodeHealth READY = NodeHealth.of(true);

    private static List<NodeWarning> blocking(NodeSummary n) {
        return NodeWarnings.check(n, Optional.empty()).stream().filter(w -> w.kind() == NodeWarning.Kind.BLOCKING).toList();
    }

    @Test
    void windowsNodesBlockWithTheReason() {
        NodeSummary win = platform("win-1", "windows", "10.0.20348.2340", "Windows Server 2022 Datacenter",
                Map.of("kubernetes.io/os", "windows"), List.of("os=windows:NoSchedule"), "v1.29.1", READY);
        assertThat(blocking(win)).singleElement().satisfies(w -> assertThat(w.message())
                .contains("runs Windows").contains("Linux eBPF").contains("kubernetes.io/os=linux"));
        assertThat(NodeWarnings.check(win, Optional.empty())).as("no kernel guesses for Windows")
                .noneMatch(w -> w.message().contains("kernel"));
    }

    @Test
    void fargateAndOtherVirtualKubeletsBlock() {
        NodeSummary fargate = platform("fargate-ip-192-168-1-7.eu-west-1.compute.internal", "linux", "5.10.215-203.850.amzn2",
                "Amazon Linux 2", Map.of("eks.amazonaws.com/compute-type", "fargate"), List.of(), "v1.29.0-eks", READY);
        assertThat(blocking(fargate)).singleElement().satisfies(w -> assertThat(w.message())
                .contains("EKS Fargate").contains("EC2 node group"));
        NodeSummary aci = platform("virtual-node-aci-linux", "linux", "", "",
                Map.of("type", "virtual-kubelet"), List.of("virtual-kubelet.io/provider=azure:NoSchedule"),
                "v1.25.0-vk-azure-aci-1.6.1", READY);
        assertThat(blocking(aci)).singleElement().satisfies(w -> assertThat(w.message())
                .contains("virtual node").contains("provider azure"));
        NodeSummary byVersion = platform("vk-0", "linux", "6.1.0", "", Map.of(), List.of(), "v1.30.0-vk-mock", READY);
        assertThat(blocking(byVersion)).hasSize(1);
    }

    @Test
    void autopilotNodesBlockWithAdviceThatDoesNotSuggestLabelsOrRoles() {
        NodeSummary ap = platform("gk3-prod-pool-2-6f1e9c3b-x7kq", "linux", "6.1.85+", "Container-Optimized OS from Google",
                Map.of("cloud.google.com/gke-nodepool", "pool-2"), List.of(), "v1.30.3-gke.1639000", READY);
        assertThat(blocking(ap)).singleElement().satisfies(w -> assertThat(w.message())
                .contains("GKE Autopilot").contains("GKE Standard cluster")
                .contains("no RBAC, namespace label or least-privilege mode changes that"));
        NodeSummary standard = platform("gke-prod-default-pool-1a2b3c4d-9xyz", "linux", "6.1.85+",
                "Container-Optimized OS from Google", Map.of(), List.of(), "v1.30.3-gke.1639000", READY);
        assertThat(blocking(standard)).isEmpty();
    }

    @Test
    void notReadyAndUnknownBlockAtOnceWithTheKubeletsReason() {
        NodeSummary down = platform("w-3", "linux", "6.8.0", "Ubuntu", Map.of(), List.of(), "v1.30.0",
                new NodeHealth("Unknown", "NodeStatusUnknown: Kubelet stopped posting node status.", List.of(), false));
        assertThat(blocking(down)).singleElement().satisfies(w -> {
            assertThat(w.message()).contains("NotReady").contains("kubelet stopped reporting")
                    .contains("Kubelet stopped posting node status");
            assertThat(w.headline()).as("the one-line form next to Start").isEqualTo("Node w-3 is NotReady");
        });
        NodeSummary pressured = platform("w-4", "linux", "6.8.0", "Ubuntu", Map.of(), List.of(), "v1.30.0",
                new NodeHealth("True", "", List.of("DiskPressure"), true));
        assertThat(NodeWarnings.check(pressured, Optional.empty())).extracting(NodeWarning::kind)
                .containsExactly(NodeWarning.Kind.NOTE, NodeWarning.Kind.NOTE);
    }

    /** kernel, OS image → whether the version is held against the node. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            4.18.0-513.24.1.el8_9.x86_64 | Red Hat Enterprise Linux 8.9 (Ootpa)            | false
            4.18.0-553.el8_10.x86_64     | Rocky Linux 8.10 (Green Obsidian)               | false
            5.14.0-427.13.1.el9_4.x86_64 | Red Hat Enterprise Linux CoreOS 416.94 (Plow)   | false
            5.15.0-206.153.7.el8uek      | Oracle Linux Server 8.10                        | false
            3.10.0-1160.el7.x86_64       | CentOS Linux 7 (Core)                           | true
            4.19.0-26-amd64              | Debian GNU/Linux 10 (buster)                    | true
            5.10.215-203.850.amzn2       | Amazon Linux 2                                  | true
            """)
    void redHatFamilyKernelsAreNotJudgedByTheirVersion(String kernel, String osImage, boolean degraded) {
        NodeSummary n = platform("n1", "linux", kernel, osImage, Map.of(), List.of(), "v1.29.0", READY);
        List<NodeWarning> warnings = NodeWarnings.check(n, Optional.empty());
        assertThat(warnings).noneMatch(w -> w.kind() == NodeWarning.Kind.BLOCKING);
        if (degraded) {
            assertThat(warnings).isNotEmpty().allMatch(w -> w.kind() == NodeWarning.Kind.DEGRADED);
        } else {
            assertThat(warnings).singleElement().satisfies(w -> {
                assertThat(w.kind()).isEqualTo(NodeWarning.Kind.NOTE);
                assertThat(w.message()).contains("backported").contains("the sensor checks each feature");
            });
        }
    }
}
