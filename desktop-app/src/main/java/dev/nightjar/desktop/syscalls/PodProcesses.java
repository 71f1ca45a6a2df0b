package dev.nightjar.desktop.syscalls;

import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes of one pod, from the process records of every node: what "show this pod's
 * syscalls" on a flow narrows the Syscalls page to.
 */
public final class PodProcesses {

    private record NodePid(String node, int pid) {
    }

    private final Set<NodePid> members;

    private PodProcesses(Set<NodePid> members) {
        this.members = members;
    }

    /** @param pod "namespace/pod", as {@link PodOfContainer} names it */
    public static PodProcesses of(String pod, List<SensorEvent> processes, PodOfContainer pods) {
        Set<NodePid> members = new HashSet<>();
        for (SensorEvent e : processes) {
            if (e.hasProcess() && !e.getProcess().getContainerId().isEmpty()
                    && pods.podOf(e.getProcess().getContainerId()).filter(pod::equals).isPresent()) {
                members.add(new NodePid(e.getNode(), e.getProcess().getPid()));
            }
        }
        return new PodProcesses(members);
    }

    /** The spans and histograms of these processes only. */
    public List<SensorEvent> only(List<SensorEvent> syscalls) {
        return syscalls.stream().filter(e -> members.contains(new NodePid(e.getNode(), pidOf(e)))).toList();
    }

    private static int pidOf(SensorEvent e) {
        return e.hasSyscallSpan() ? e.getSyscallSpan().getPid()
                : e.hasSyscallHistogram() ? e.getSyscallHistogram().getPid() : 0;
    }
}
