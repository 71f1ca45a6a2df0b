package dev.nightjar.desktop.session;

import java.util.List;

/** How much the sensor container may do on the node. */
public enum PrivilegeMode {

    /** A privileged container: everything works, nothing is confined. */
    PRIVILEGED(List.of()),

    /**
     * Root in the container with all capabilities dropped but these: BPF (load
     * programs, create maps), PERFMON (tracepoints, perf events), NET_ADMIN (attach the
     * UDP flow counters, cgroup_skb programs, to the root cgroup), SYSLOG (real
     * addresses in /proc/kallsyms, to name drop locations and kernel frames),
     * SYS_RESOURCE (memlock on kernels before 5.11), SYS_PTRACE (read other processes'
     * /proc maps, fds and memory for symbols), DAC_READ_SEARCH (read /proc and /sys
     * files of other users). NET_ADMIN and SYSLOG were found missing by the image's
     * chroot test (packaging/sensor-image), which runs the sensor under this list.
     */
    LEAST_PRIVILEGE(List.of("BPF", "PERFMON", "NET_ADMIN", "SYSLOG", "SYS_RESOURCE", "SYS_PTRACE", "DAC_READ_SEARCH"));

    private final List<String> capabilities;

    PrivilegeMode(List<String> capabilities) {
        this.capabilities = capabilities;
    }

    /** The capabilities added in this mode (empty for PRIVILEGED, which has them all). */
    public List<String> capabilities() {
        return capabilities;
    }
}
