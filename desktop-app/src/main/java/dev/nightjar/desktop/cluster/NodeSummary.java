package dev.nightjar.desktop.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the node picker shows about one node.
 *
 * @param roles from {@code node-role.kubernetes.io/<role>} labels, sorted
 * @param podCount pods bound to the node that have not finished (not Succeeded or Failed)
 * @param taints as {@code key[=value]:Effect}
 * @param nightjarSessions session ids of Nightjar sensor pods already on the node
 * @param labels the node's labels, for the node table's label filter
 * @param operatingSystem {@code status.nodeInfo.operatingSystem} (or the {@code kubernetes.io/os} label):
 *                        {@code linux}, {@code windows}, or empty when the node does not say
 * @param kubeletVersion {@code status.nodeInfo.kubeletVersion} (virtual kubelets mark theirs)
 * @param health the node's conditions: Ready, pressure, cordoned
 */
public record NodeSummary(
        String name,
        boolean ready,
        List<String> roles,
        String kernelVersion,
        String osImage,
        String architecture,
        String containerRuntime,
        int podCount,
        List<String> taints,
        Set<String> nightjarSessions,
        Map<String, String> labels,
        String operatingSystem,
        String kubeletVersion,
        NodeHealth health) {

    public NodeSummary {
        roles = List.copyOf(roles);
        taints = List.copyOf(taints);
        nightjarSessions = Set.copyOf(nightjarSessions);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        operatingSystem = operatingSystem == null ? "" : operatingSystem;
        kubeletVersion = kubeletVersion == null ? "" : kubeletVersion;
        health = health == null ? NodeHealth.of(ready) : health;
    }

    /** A node known by its labels; operating system from {@code kubernetes.io/os}, health from {@code ready}. */
    public NodeSummary(String name, boolean ready, List<String> roles, String kernelVersion, String osImage,
                       String architecture, String containerRuntime, int podCount, List<String> taints,
                       Set<String> nightjarSessions, Map<String, String> labels) {
        this(name, ready, roles, kernelVersion, osImage, architecture, containerRuntime, podCount, taints,
                nightjarSessions, labels, labels == null ? "" : labels.getOrDefault("kubernetes.io/os", ""), "",
                NodeHealth.of(ready));
    }

    /** A node without labels. */
    public NodeSummary(String name, boolean ready, List<String> roles, String kernelVersion, String osImage,
                       String architecture, String containerRuntime, int podCount, List<String> taints,
                       Set<String> nightjarSessions) {
        this(name, ready, roles, kernelVersion, osImage, architecture, containerRuntime, podCount, taints,
                nightjarSessions, Map.of());
    }
}
