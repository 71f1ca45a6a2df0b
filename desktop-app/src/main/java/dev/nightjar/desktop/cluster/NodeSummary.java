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
        Map<String, String> labels) {

    public NodeSummary {
        roles = List.copyOf(roles);
        taints = List.copyOf(taints);
        nightjarSessions = Set.copyOf(nightjarSessions);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A node without labels. */
    public NodeSummary(String name, boolean ready, List<String> roles, String kernelVersion, String osImage,
                       String architecture, String containerRuntime, int podCount, List<String> taints,
                       Set<String> nightjarSessions) {
        this(name, ready, roles, kernelVersion, osImage, architecture, containerRuntime, podCount, taints,
                nightjarSessions, Map.of());
    }
}
