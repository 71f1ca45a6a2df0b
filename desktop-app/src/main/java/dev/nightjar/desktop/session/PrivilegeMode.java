package dev.nightjar.desktop.session;

import java.util.List;

/** How much the sensor container may do on the node. */
public enum PrivilegeMode {

    /** A privileged container: everything works, nothing is confined. */
    PRIVILEGED(List.of()),

    /**
     * Root in the container with all capabilities dropped but these: BPF (load
     * programs, create maps), PERFMON (tracepoints, perf events), SYS_RESOURCE
     * (memlock on older kernels), SYS_PTRACE (read other processes' /proc maps and
     * memory for symbols), DAC_READ_SEARCH (read /proc and /sys files of other users).
     */
    LEAST_PRIVILEGE(List.of("BPF", "PERFMON", "SYS_RESOURCE", "SYS_PTRACE", "DAC_READ_SEARCH"));

    private final List<String> capabilities;

    PrivilegeMode(List<String> capabilities) {
        this.capabilities = capabilities;
    }

    /** The capabilities added in this mode (empty for PRIVILEGED, which has them all). */
    public List<String> capabilities() {
        return capabilities;
    }
}
