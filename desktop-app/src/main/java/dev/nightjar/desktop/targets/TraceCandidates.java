package dev.nightjar.desktop.targets;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What can be chosen to trace: the pods (or unnamed containers) and the processes the
 * sensors have seen on the captured nodes, from their process records; exited processes
 * are left out. Pods first, then processes, each by name.
 */
public final class TraceCandidates {

    /** How many processes the list offers at most (a node has hundreds; search narrows it). */
    static final int MAX_PROCESSES = 5_000;

    public enum Kind { POD, CONTAINER, PROCESS }

    /**
     * One entry of the picker. A pod seen on two nodes (a replica moved) is two entries, one per
     * node: its tasks there are that node's.
     *
     * @param where the node, and for a process its pod, container or "host"
     */
    public record Candidate(Kind kind, TaskChoice choice, String where) {

        public String label() {
            return choice.label();
        }

        /** Whether every word of {@code query} is in the label or where it runs (case-insensitive). */
        public boolean matches(String query) {
            String text = (label() + " " + where).toLowerCase(Locale.ROOT);
            for (String word : query.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!word.isEmpty() && !text.contains(word)) {
                    return false;
                }
            }
            return true;
        }
    }

    private TraceCandidates() {
    }

    private record ProcessKey(String node, int pid) {
    }

    /** A pod's (or unnamed container's) tasks on one node: its containers' cgroups and pids are that node's. */
    private record GroupKey(String group, String node) {
        static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::group).thenComparing(GroupKey::node);
    }

    public static List<Candidate> of(CaptureStore store, PodOfContainer pods) {
        Map<ProcessKey, ProcessInfo> latest = new LinkedHashMap<>();
        for (String node : store.nodeNames()) {
            store.node(node).ifPresent(capture -> {
                for (SensorEvent e : capture.events(PayloadKind.PROCESS)) {
                    if (e.hasProcess()) {
                        latest.put(new ProcessKey(node, e.getProcess().getPid()), e.getProcess());
                    }
                }
            });
        }
        Map<GroupKey, Set<String>> containersByGroup = new TreeMap<>(GroupKey.ORDER);
        Map<GroupKey, Set<Long>> cgroupsByGroup = new TreeMap<>(GroupKey.ORDER);
        Map<GroupKey, Kind> kindOfGroup = new TreeMap<>(GroupKey.ORDER);
        List<Candidate> processes = new ArrayList<>();
        latest.forEach((key, info) -> {
            if (info.getExited()) {
                return;
            }
            String container = info.getContainerId();
            String where;
            if (container.isEmpty()) {
                where = "host · " + key.node();
            } else {
                String pod = pods.podOf(container).orElse(null);
                String group = pod != null ? "pod " + pod : "container " + container.substring(0, Math.min(12, container.length()));
                GroupKey groupKey = new GroupKey(group, key.node());
                containersByGroup.computeIfAbsent(groupKey, g -> new HashSet<>()).add(container);
                if (info.getCgroupId() != 0) {
                    cgroupsByGroup.computeIfAbsent(groupKey, g -> new HashSet<>()).add(info.getCgroupId());
                }
                kindOfGroup.put(groupKey, pod != null ? Kind.POD : Kind.CONTAINER);
                where = group + " · " + key.node();
            }
            if (processes.size() < MAX_PROCESSES) {
                processes.add(new Candidate(Kind.PROCESS, TaskChoice.process(key.node(), key.pid(), info.getComm()),
                        where));
            }
        });
        List<Candidate> out = new ArrayList<>();
        containersByGroup.forEach((group, containers) -> out.add(new Candidate(kindOfGroup.get(group),
                TaskChoice.containers(group.node(), group.group(), containers,
                        cgroupsByGroup.getOrDefault(group, Set.of())),
                group.node())));
        processes.sort(Comparator.comparing(Candidate::label));
        out.addAll(processes);
        return List.copyOf(out);
    }
}
