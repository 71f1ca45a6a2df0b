package dev.nightjar.sensor.security.policy;

/** The namespaces matchNamespaces can name, in the order the kernel record carries their inodes. */
public enum NamespaceType {
    NET("Net", "net"), PID("Pid", "pid_for_children"), MNT("Mnt", "mnt"), UTS("Uts", "uts"), IPC("Ipc", "ipc"),
    CGROUP("Cgroup", "cgroup"), USER("User", "user");

    final String yamlName;
    /** The name under /proc/PID/ns/. */
    public final String procName;

    NamespaceType(String yamlName, String procName) {
        this.yamlName = yamlName;
        this.procName = procName;
    }
}
