package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads {@link NodeSummary} rows: the nodes, and the pods of all namespaces to count them per
 * node. Both lists are read in pages ({@code limit}/{@code continue}, as kubectl does), each
 * page a request of its own under the client's request timeout, so a cluster with tens of
 * thousands of pods is read in steps, with progress, instead of one response that must
 * arrive within ten seconds. Pods are only counted, never kept.
 */
public final class NodeSummaries {

    /** The nodes and what could not be read (pods not counted: no right to list them, or too many). */
    public record Read(List<NodeSummary> nodes, List<String> notes) {

        public Read {
            nodes = List.copyOf(nodes);
            notes = List.copyOf(notes);
        }
    }

    static final long NODE_PAGE = 500;
    static final long POD_PAGE = 500;
    /** 10,000 nodes (twice Kubernetes' supported maximum). */
    static final int MAX_NODE_PAGES = 20;
    /** 200,000 pods; past that the counts are left partial, said so in a note. */
    static final int MAX_POD_PAGES = 400;

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final Set<String> PRESSURES = Set.of("MemoryPressure", "DiskPressure", "PIDPressure",
            "NetworkUnavailable");

    private NodeSummaries() {
    }

    /** Nodes sorted by name. */
    public static List<NodeSummary> read(KubernetesClient client) {
        return read(client, line -> { }).nodes();
    }

    /**
     * Nodes sorted by name, and notes on what could not be read.
     *
     * @param progress a line per page read ("Reading pods… 1,500"); called on this thread
     * @throws KubernetesClientException listing nodes failed (the connection's failure); a failure to
     *         list pods only becomes a note, since nodes can be picked without their pod counts
     */
    public static Read read(KubernetesClient client, Consumer<String> progress) {
        List<Node> nodes = new ArrayList<>();
        String cont = null;
        for (int page = 0; page < MAX_NODE_PAGES; page++) {
            var list = client.nodes().list(options(NODE_PAGE, cont));
            nodes.addAll(list.getItems());
            cont = list.getMetadata() == null ? null : list.getMetadata().getContinue();
            if (cont == null || cont.isEmpty()) {
                break;
            }
            progress.accept(String.format(Locale.ROOT, "Reading nodes… %,d", nodes.size()));
        }
        List<String> notes = new ArrayList<>();
        PodCounts pods = countPods(client, progress, notes);
        List<NodeSummary> summaries = nodes.stream()
                .map(n -> summarize(n, pods.running.getOrDefault(n.getMetadata().getName(), 0),
                        pods.sessions.getOrDefault(n.getMetadata().getName(), Set.of())))
                .sorted(Comparator.comparing(NodeSummary::name))
                .toList();
        return new Read(summaries, notes);
    }

    /** Pods bound to each node that have not finished, and the Nightjar sessions among them. */
    private record PodCounts(Map<String, Integer> running, Map<String, Set<String>> sessions) {
    }

    private static PodCounts countPods(KubernetesClient client, Consumer<String> progress, List<String> notes) {
        Map<String, Integer> running = new HashMap<>();
        Map<String, Set<String>> sessions = new HashMap<>();
        String cont = null;
        long seen = 0;
        try {
            for (int page = 0; ; page++) {
                if (page == MAX_POD_PAGES) {
                    notes.add(String.format(Locale.ROOT, "Pod counts are partial: only the first %,d pods were counted.", seen));
                    break;
                }
                var list = client.pods().inAnyNamespace().list(options(POD_PAGE, cont));
                for (Pod p : list.getItems()) {
                    count(p, running, sessions);
                }
                seen += list.getItems().size();
                cont = list.getMetadata() == null ? null : list.getMetadata().getContinue();
                if (cont == null || cont.isEmpty()) {
                    break;
                }
                progress.accept(String.format(Locale.ROOT, "Counting pods on the nodes… %,d", seen));
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 410) {
                throw e;
            }
            // 403: no right to list pods cluster-wide; 410: the continue token expired mid-way on a busy cluster.
            notes.add("Pod counts are not shown: " + ApiFailures.explain(e, "listing pods in all namespaces"));
        }
        return new PodCounts(running, sessions);
    }

    private static void count(Pod p, Map<String, Integer> running, Map<String, Set<String>> sessions) {
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        if (node == null || !notFinished(p)) {
            return;
        }
        running.merge(node, 1, Integer::sum);
        Map<String, String> labels = p.getMetadata().getLabels();
        if (labels != null && NightjarLabels.MANAGED_BY_VALUE.equals(labels.get(NightjarLabels.MANAGED_BY))
                && labels.get(NightjarLabels.SESSION) != null) {
            sessions.computeIfAbsent(node, n -> new HashSet<>()).add(labels.get(NightjarLabels.SESSION));
        }
    }

    private static ListOptions options(long limit, String cont) {
        return new ListOptionsBuilder().withLimit(limit).withContinue(cont).build();
    }

    private static NodeSummary summarize(Node node, int running, Set<String> sessions) {
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
        NodeHealth health = health(node);
        String os = info == null || blank(info.getOperatingSystem())
                ? labels.getOrDefault("kubernetes.io/os", "") : info.getOperatingSystem();
        return new NodeSummary(node.getMetadata().getName(), "True".equals(health.readyStatus()), List.copyOf(roles),
                info == null ? "" : nullToEmpty(info.getKernelVersion()),
                info == null ? "" : nullToEmpty(info.getOsImage()),
                info == null ? "" : nullToEmpty(info.getArchitecture()),
                info == null ? "" : nullToEmpty(info.getContainerRuntimeVersion()),
                running, taints, sessions, labels, os.toLowerCase(Locale.ROOT),
                info == null ? "" : nullToEmpty(info.getKubeletVersion()), health);
    }

    private static NodeHealth health(Node node) {
        String ready = "";
        String readyMessage = "";
        List<String> pressures = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        for (NodeCondition c : conditions) {
            if ("Ready".equals(c.getType())) {
                ready = nullToEmpty(c.getStatus());
                readyMessage = String.join(": ", Stream.of(c.getReason(), c.getMessage())
                        .filter(Objects::nonNull).filter(s -> !s.isBlank()).toList());
            } else if (PRESSURES.contains(c.getType()) && "True".equals(c.getStatus())) {
                pressures.add(c.getType());
            }
        }
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        return new NodeHealth(ready, readyMessage, pressures, cordoned);
    }

    private static boolean notFinished(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
