package dev.nightjar.desktop.syscalls;

import java.util.List;

/** Processes that belong together on the timeline under one header: a pod, a container, or a node's host. */
public record ProcessGroup(GroupKind kind, String label, List<ProcessLane> lanes) {
}
