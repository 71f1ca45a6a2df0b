package dev.nightjar.desktop.targets;

import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes and pods ("namespace/name") a row on a page names: what its "Trace syscalls of …"
 * and "Profile only …" menu offers. Empty when the row names nothing that can be traced.
 */
public record Traceable(List<TaskChoice> processes, List<String> pods) {

    public static final Traceable NONE = new Traceable(List.of(), List.of());

    /** A menu stays short: a row standing for fifty replicas offers the first few seen. */
    public static final int MAX_EACH = 4;

    public Traceable {
        processes = List.copyOf(processes);
        pods = List.copyOf(pods);
    }

    public boolean isEmpty() {
        return processes.isEmpty() && pods.isEmpty();
    }

    /** A flow's client and server processes (where they ran on the reporting node) and both ends' pods. */
    public static Traceable of(FlowRow row) {
        return ofAll(List.of(row));
    }

    /** What several flows (a top talker's) name together, first seen first, at most {@link #MAX_EACH} of each. */
    public static Traceable ofAll(Iterable<FlowRow> rows) {
        Set<TaskChoice> processes = new LinkedHashSet<>();
        Set<String> pods = new LinkedHashSet<>();
        for (FlowRow row : rows) {
            if (row.clientPid() > 0 && processes.size() < MAX_EACH) {
                processes.add(TaskChoice.process(row.node(), row.clientPid(), row.comm()));
            }
            if (row.serverProcessPid() > 0 && processes.size() < MAX_EACH) {
                processes.add(TaskChoice.process(row.node(), row.serverProcessPid(),
                        row.serverProcessComm()));
            }
            for (FlowEndpoint end : List.of(row.source(), row.destination())) {
                if (!end.pod().isEmpty() && pods.size() < MAX_EACH) {
                    pods.add(podOf(end));
                }
            }
            if (processes.size() >= MAX_EACH && pods.size() >= MAX_EACH) {
                break;
            }
        }
        return new Traceable(List.copyOf(processes), List.copyOf(pods));
    }

    /** What this and {@code other} name together, this first, at most {@link #MAX_EACH} of each. */
    public Traceable and(Traceable other) {
        return new Traceable(firstOf(processes, other.processes), firstOf(pods, other.pods));
    }

    private static <T> List<T> firstOf(List<T> first, List<T> then) {
        Set<T> both = new LinkedHashSet<>(first);
        both.addAll(then);
        return both.stream().limit(MAX_EACH).toList();
    }

    /** "namespace/name" of an endpoint's pod; empty when the cluster does not name one. */
    public static String podOf(FlowEndpoint endpoint) {
        return endpoint.pod().isEmpty() ? "" : endpoint.namespace() + "/" + endpoint.pod();
    }
}
