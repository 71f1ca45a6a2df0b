package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads {@link NodeSummary} rows: one list of nodes and one list of pods (all namespaces). */
public final class NodeSummaries {

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private NodeSummaries() {
    }

    /** Nodes sorted by name. Two API calls: list nodes, list pods in all namespaces. */
    public static List<NodeSummary> read(KubernetesClient client) {
        List<Node> nodes = client.nodes().list().getItems();
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        Map<String, List<Pod>> byNode = pods.stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
                .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName()));
        return nodes.stream()
                .map(n -> summarize(n, byNode.getOrDefault(n.getMetadata().getName(), List.of())))
                .sorted(Comparator.comparing(NodeSummary::name))
                .toList();
    }

    /** One node and the pods bound to it. */
    public static NodeSummary summarize(Node node, List<Pod> podsOnNode) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Set<String> roles = new TreeSet<>();
        labels.keySet().stream().filter(k -> k.startsWith(ROLE_PREFIX))
                .map(k -> k.substring(ROLE_PREFIX.length())).filter(r -> !r.isEmpty()).forEach(roles::add);
        NodeSystemInfo info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
        List<String> taints = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                taints.add(t.getKey() + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue())
                        + ":" + t.getEffect());
            }
        }
        int running = (int) podsOnNode.stream().filter(NodeSummaries::notFinished).count();
        Set<String> sessions = podsOnNode.stream()
                .filter(NodeSummaries::notFinished)
                .map(p -> p.getMetadata().getLabels())
                .filter(Objects::nonNull)
                .filter(l -> NightjarLabels.MANAGED_BY_VALUE.equals(l.get(NightjarLabels.MANAGED_BY)))
                .map(l -> l.get(NightjarLabels.SESSION))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return new NodeSummary(node.getMetadata().getName(), isReady(node), List.copyOf(roles),
                info == null ? "" : nullToEmpty(info.getKernelVersion()),
                info == null ? "" : nullToEmpty(info.getOsImage()),
                info == null ? "" : nullToEmpty(info.getArchitecture()),
                info == null ? "" : nullToEmpty(info.getContainerRuntimeVersion()),
                running, taints, sessions, labels);
    }

    private static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static boolean notFinished(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
