package dev.nightjar.sensor.collect;

import dev.nightjar.protocol.v1.Filter;
import java.util.Arrays;

/**
 * A subscription's {@link Filter} as user space applies it to what it reads
 * from kernel maps at a flush, since the filter may have changed after the
 * kernel recorded it: the same rule the kernel applies to each event (a port
 * on either side, the cgroup and pid of either socket on this node; see
 * nightjar_common.h). Sets are sorted arrays, so a check allocates nothing.
 * Immutable.
 */
public final class FilterCheck {

    public static final FilterCheck NONE = new FilterCheck(Filter.getDefaultInstance());

    private final int[] ports;
    private final int[] pids;
    private final long[] cgroups;

    public FilterCheck(Filter filter) {
        ports = filter.getPortsList().stream().mapToInt(Integer::intValue).sorted().toArray();
        pids = filter.getPidsList().stream().mapToInt(Integer::intValue).sorted().toArray();
        cgroups = filter.getCgroupIdsList().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Flows: ports, cgroups and pids, each matching on either side. */
    public boolean passes(int portA, int portB, long cgroupA, long cgroupB, int pidA, int pidB) {
        return portsPass(portA, portB) && cgroupsPass(cgroupA, cgroupB)
                && (pids.length == 0 || Arrays.binarySearch(pids, pidA) >= 0 || Arrays.binarySearch(pids, pidB) >= 0);
    }

    /** Drops: ports and the cgroup of the packet's socket. A pid filter does not restrict drops (bpf/README.md). */
    public boolean passesDrop(int sourcePort, int destinationPort, long cgroupId) {
        return portsPass(sourcePort, destinationPort) && cgroupsPass(cgroupId, cgroupId);
    }

    private boolean portsPass(int a, int b) {
        return ports.length == 0 || Arrays.binarySearch(ports, a) >= 0 || Arrays.binarySearch(ports, b) >= 0;
    }

    private boolean cgroupsPass(long a, long b) {
        return cgroups.length == 0 || Arrays.binarySearch(cgroups, a) >= 0 || Arrays.binarySearch(cgroups, b) >= 0;
    }
}
