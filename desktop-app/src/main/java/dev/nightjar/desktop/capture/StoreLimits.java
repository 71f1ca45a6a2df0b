package dev.nightjar.desktop.capture;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many events of each kind one node's capture keeps before the oldest are
 * evicted (and counted), and how many nodes a store accepts.
 */
public record StoreLimits(Map<RecordKind, Integer> capacityPerKind, int maxNodes) {

    public static final int DEFAULT_CAPACITY = 200_000;
    public static final int DEFAULT_MAX_NODES = 256;

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
        return uniform(DEFAULT_CAPACITY, DEFAULT_MAX_NODES);
    }

    public int capacity(RecordKind kind) {
        return capacityPerKind.get(kind);
    }
}
