package dev.nightjar.desktop.targets;

import java.util.Objects;
import java.util.Set;

/**
 * Tasks chosen for syscall tracing or CPU profiling on one node: the whole node, or pods'
 * containers and processes. Both ways of naming a container are kept: its runtime ids (what a
 * protocol-2 sensor takes, covering processes that start later) and the cgroup ids its processes
 * were seen in (what an older sensor's filter takes).
 *
 * <p>Pids and cgroup ids mean something only on the node they were seen on, so a choice carries
 * that node: a cluster session asks only that node's sensor. The node is empty when it is not
 * known (the default "whole node" of a new session, which applies to every sensor alike); a
 * cluster session refuses such a choice rather than send one node's pids to all.
 *
 * @param label what the user reads: "pod shop/cart-0", "nginx (4242)", "the whole node"
 * @param node  the node the tasks were seen on; empty when unknown
 */
public record TaskChoice(String label, String node, boolean wholeNode, Set<String> containerIds,
                         Set<Long> cgroupIds, Set<Integer> pids) {

    /** Every node's own whole node: a new session's profile target, on whichever node it is asked. */
    public static final TaskChoice WHOLE_NODE = wholeNode("");

    public TaskChoice {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(node, "node");
        containerIds = Set.copyOf(containerIds);
        cgroupIds = Set.copyOf(cgroupIds);
        pids = Set.copyOf(pids);
        if (!wholeNode && containerIds.isEmpty() && cgroupIds.isEmpty() && pids.isEmpty()) {
            throw new IllegalArgumentException("a choice of tasks names at least one: " + label);
        }
    }

    /** Every task of {@code node}. */
    public static TaskChoice wholeNode(String node) {
        return new TaskChoice("the whole node", node, true, Set.of(), Set.of(), Set.of());
    }

    /** One process of {@code node}. */
    public static TaskChoice process(String node, int pid, String comm) {
        return new TaskChoice(comm + " (" + pid + ")", node, false, Set.of(), Set.of(), Set.of(pid));
    }

    /** A pod (or a container the cluster does not name) on {@code node}, by its containers and their cgroups. */
    public static TaskChoice containers(String node, String label, Set<String> containerIds, Set<Long> cgroupIds) {
        return new TaskChoice(label, node, false, containerIds, cgroupIds, Set.of());
    }

    /** Whether it says on which node it was made. */
    public boolean knowsNode() {
        return !node.isEmpty();
    }
}
