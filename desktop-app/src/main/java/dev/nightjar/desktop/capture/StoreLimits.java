package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.PayloadKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many events of each kind one node's capture keeps before the oldest are
 * evicted (and counted), and how many nodes a store accepts.
 */
public record StoreLimits(Map<PayloadKind, Integer> capacityPerKind, int maxNodes) {

    public static final int DEFAULT_MAX_NODES = 256;

    /**
     * Per node and kind, sized by what one record weighs: a flow or drop update is a few
     * hundred bytes in memory, one process's stack samples for one interval tens of
     * kilobytes (a frame table and its stacks), so stacks get far fewer slots: 2,000 is
     * about half a minute of a node with 60 busy processes, or 33 minutes of one. The heap
     * a full store takes is measured by the frame-time bench (docs/PERFORMANCE.md).
     */
    private static final Map<PayloadKind, Integer> DEFAULT_CAPACITIES = Map.of(
            PayloadKind.FLOW, 100_000,
            PayloadKind.DROP, 50_000,
            PayloadKind.SYSCALL_SPAN, 50_000,
            PayloadKind.SYSCALL_HISTOGRAM, 50_000,
            PayloadKind.STACKS, 2_000,
            PayloadKind.PROCESS, 10_000,
            // Requests are the interesting subset (errors, slow, sampled), a few hundred bytes each;
            // stats are one record per (client, server, route, status class) per second, with up to
            // 64 histogram buckets: both sized like drops.
            PayloadKind.REQUEST, 50_000,
            PayloadKind.REQUEST_STATS, 50_000,
            // rate-limited on the sensor (10 per second per policy and process); up to a few KiB with stacks
            PayloadKind.SECURITY, 10_000);

    public StoreLimits {
        capacityPerKind = Map.copyOf(capacityPerKind);
        for (PayloadKind kind : PayloadKind.records()) {
            Integer capacity = capacityPerKind.get(kind);
            if (capacity == null || capacity < 1) {
                throw new IllegalArgumentException("capacity for " + kind + " must be at least 1, was " + capacity);
            }
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be at least 1, was " + maxNodes);
        }
    }

    /** The same capacity for every kind. */
    public static StoreLimits uniform(int capacity, int maxNodes) {
        Map<PayloadKind, Integer> map = new EnumMap<>(PayloadKind.class);
        for (PayloadKind kind : PayloadKind.records()) {
            map.put(kind, capacity);
        }
        return new StoreLimits(map, maxNodes);
    }

    public static StoreLimits defaults() {
        return new StoreLimits(DEFAULT_CAPACITIES, DEFAULT_MAX_NODES);
    }

    public int capacity(PayloadKind kind) {
        Integer capacity = capacityPerKind.get(kind);
        if (capacity == null) {
            throw new IllegalArgumentException(kind + " is not recorded: capacities are for PayloadKind.records() only");
        }
        return capacity;
    }
}
