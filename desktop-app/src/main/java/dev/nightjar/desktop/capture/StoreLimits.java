package dev.nightjar.desktop.capture;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many events of each kind one node's capture keeps before the oldest are
 * evicted (and counted), and how many nodes a store accepts.
 */
public record StoreLimits(Map<RecordKind, Integer> capacityPerKind, int maxNodes) {

    public static final int DEFAULT_MAX_NODES = 256;

    /**
     * Per node and kind, sized by what one record weighs: a flow or drop update is a few
     * hundred bytes in memory, one process's stack samples for one interval tens of
     * kilobytes (a frame table and its stacks), so stacks get far fewer slots: 2,000 is
     * about half a minute of a node with 60 busy processes, or 33 minutes of one. The heap
     * a full store takes is measured by the frame-time bench (docs/PERFORMANCE.md).
     */
    private static final Map<RecordKind, Integer> DEFAULT_CAPACITIES = Map.of(
            RecordKind.FLOW, 100_000,
            RecordKind.DROP, 50_000,
            RecordKind.SYSCALL_SPAN, 50_000,
            RecordKind.SYSCALL_HISTOGRAM, 50_000,
            RecordKind.STACKS, 2_000,
            RecordKind.PROCESS, 10_000);

    public StoreLimits {
        capacityPerKind = Map.copyOf(capacityPerKind);
        for (RecordKind kind : RecordKind.values()) {
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
        Map<RecordKind, Integer> map = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            map.put(kind, capacity);
        }
        return new StoreLimits(map, maxNodes);
    }

    public static StoreLimits defaults() {
        return new StoreLimits(DEFAULT_CAPACITIES, DEFAULT_MAX_NODES);
    }

    public int capacity(RecordKind kind) {
        return capacityPerKind.get(kind);
    }
}
