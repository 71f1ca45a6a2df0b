package dev.nightjar.desktop.syscalls;

/** What a group of processes on the timeline is: a known pod, a container not matched to a pod, or the host. */
public enum GroupKind {
    POD, CONTAINER, HOST
}
