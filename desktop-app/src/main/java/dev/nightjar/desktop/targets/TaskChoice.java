package dev.nightjar.desktop.targets;

import java.util.Objects;
import java.util.Set;

/**
 * Tasks chosen for syscall tracing or CPU profiling: the whole node, or pods' containers
 * and processes. Both ways of naming a container are kept: its runtime ids (what a protocol-2
 * sensor takes, covering processes that start later) and the cgroup ids its processes were
 * seen in (what an older sensor's filter takes).
 *
 * @param label what the user reads: "pod shop/cart-0", "nginx (4242)", "the whole node"
 */
public record TaskChoice(String label, boolean wholeNode, Set<String> containerIds, Set<Long> cgroupIds,
                         Set<Integer> pids) {

    public static final TaskChoice WHOLE_NODE = new TaskChoice("the whole node", true, Set.of(), Set.of(), Set.of());

    public TaskChoice {
        Objects.requireNonNull(label, "label");
        containerIds = Set.copyOf(containerIds);
        cgroupIds = Set.copyOf(cgroupIds);
        pids = Set.copyOf(pids);
        if (!wholeNode && containerIds.isEmpty() && cgroupIds.isEmpty() && pids.isEmpty()) {
            throw new IllegalArgumentException("a choice of tasks names at least one: " + label);
        }
    }

    /** One process. */
    public static TaskChoice process(int pid, String comm) {
        return new TaskChoice(comm + " (" + pid + ")", false, Set.of(), Set.of(), Set.of(pid));
    }

    /** A pod (or a container the cluster does not name), by its containers and their cgroups. */
    public static TaskChoice containers(String label, Set<String> containerIds, Set<Long> cgroupIds) {
        return new TaskChoice(label, false, containerIds, cgroupIds, Set.of());
    }
}
