package dev.nightjar.desktop.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nodes that are not a Linux machine the sensor can be deployed to, told from what the API
 * server says about them (labels, taints, node info), each with what to do instead:
 * Windows nodes, EKS Fargate nodes and other virtual kubelets (a pod there runs in a
 * serverless sandbox, not on a machine), and GKE Autopilot nodes (whose policy refuses
 * privileged pods, host PID and /proc and /sys mounts, whatever the RBAC or namespace labels).
 */
final class NodePlatforms {

    static final String FARGATE_LABEL = "eks.amazonaws.com/compute-type";
    static final String VIRTUAL_KUBELET_TAINT = "virtual-kubelet.io/provider";
    /** Autopilot names its nodes gk3-…; Standard clusters use gke-…. */
    static final String AUTOPILOT_PREFIX = "gk3-";

    private NodePlatforms() {
    }

    /** BLOCKING warnings for a node the sensor cannot run on; empty for an ordinary Linux node. */
    static List<NodeWarning> blocking(NodeSummary node) {
        List<NodeWarning> out = new ArrayList<>();
        String n = "Node " + node.name();
        if ("windows".equals(node.operatingSystem())) {
            out.add(block(n + " runs Windows: the sensor is a Linux eBPF program and cannot run there (its pod is"
                    + " pinned to kubernetes.io/os=linux). Pick a Linux node; traffic to and from Windows pods is"
                    + " still seen from the Linux nodes they talk to."));
        }
        Map<String, String> labels = node.labels();
        if ("fargate".equalsIgnoreCase(labels.getOrDefault(FARGATE_LABEL, "")) || node.name().startsWith("fargate-")) {
            out.add(block(n + " is an EKS Fargate node: every pod runs in its own micro-VM where privileged"
                    + " containers, host PID and hostPath volumes are not allowed, so no sensor can run there."
                    + " Run the workload you want to observe on an EC2 node group (managed or self-managed) instead."));
        } else if (isVirtualKubelet(node)) {
            out.add(block(n + " is a virtual node (virtual-kubelet" + provider(node) + "): its pods run in a"
                    + " serverless container service, not on a machine a sensor could observe. Pick a real node."));
        }
        if (node.name().startsWith(AUTOPILOT_PREFIX)) {
            out.add(block(n + " belongs to a GKE Autopilot cluster: Autopilot's policy (GKE Warden) rejects privileged"
                    + " pods, host PID and hostPath mounts of /proc and /sys, and no RBAC, namespace label or"
                    + " least-privilege mode changes that. Nightjar needs a GKE Standard cluster (or a Standard"
                    + " node pool's nodes) to run its sensor."));
        }
        return out;
    }

    private static boolean isVirtualKubelet(NodeSummary node) {
        return "virtual-kubelet".equalsIgnoreCase(node.labels().getOrDefault("type", ""))
                || node.labels().containsKey(VIRTUAL_KUBELET_TAINT)
                || node.taints().stream().anyMatch(t -> t.startsWith(VIRTUAL_KUBELET_TAINT))
                || node.kubeletVersion().toLowerCase(Locale.ROOT).contains("-vk-");
    }

    private static String provider(NodeSummary node) {
        return node.taints().stream().filter(t -> t.startsWith(VIRTUAL_KUBELET_TAINT + "="))
                .map(t -> ", provider " + t.substring(VIRTUAL_KUBELET_TAINT.length() + 1).replaceFirst(":.*$", ""))
                .findFirst().orElse("");
    }

    private static NodeWarning block(String message) {
        return new NodeWarning(NodeWarning.Kind.BLOCKING, message);
    }
}
