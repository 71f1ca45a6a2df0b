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
     * One entry of the picker.
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
        Map<String, Set<String>> containersByGroup = new TreeMap<>();
        Map<String, Set<Long>> cgroupsByGroup = new TreeMap<>();
        Map<String, Kind> kindOfGroup = new TreeMap<>();
        Map<String, String> nodeOfGroup = new TreeMap<>();
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
                containersByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(container);
                if (info.getCgroupId() != 0) {
                    cgroupsByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(info.getCgroupId());
                }
                kindOfGroup.put(group, pod != null ? Kind.POD : Kind.CONTAINER);
                nodeOfGroup.merge(group, key.node(), (a, b) -> a.equals(b) ? a : a + ", " + b);
                where = group + " · " + key.node();
            }
            if (processes.size() < MAX_PROCESSES) {
                processes.add(new Candidate(Kind.PROCESS, TaskChoice.process(key.pid(), info.getComm()), where));
            }
        });
        List<Candidate> out = new ArrayList<>();
        containersByGroup.forEach((group, containers) -> out.add(new Candidate(kindOfGroup.get(group),
                TaskChoice.containers(group, containers, cgroupsByGroup.getOrDefault(group, Set.of())),
                nodeOfGroup.get(group))));
        processes.sort(Comparator.comparing(Candidate::label));
        out.addAll(processes);
        return List.copyOf(out);
    }
}
