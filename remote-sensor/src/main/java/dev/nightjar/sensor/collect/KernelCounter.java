package dev.nightjar.sensor.collect;

import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The kernel's own counters of what it could not deliver (map nj_counters, bpf/include/nightjar_common.h). */
public enum KernelCounter {
    /** An aggregation map was full: the event is lost. */
    MAP_FULL(0),
    /** A ring buffer reservation failed. */
    RINGBUF_FULL(1),
    /** A packet's headers could not be read. */
    PARSE_FAILED(2);

    public static final String MAP_NAME = "nj_counters";

    private final int index;

    KernelCounter(int index) {
        this.index = index;
    }

    /** The counter's current value in this object. */
    public long read(BpfObject object) {
        return read(object, MAP_NAME, index);
    }

    /** Slot {@code index} of an array map of u64 counters, such as an object's own counters. */
    public static long read(BpfObject object, String mapName, int index) {
        BpfMap map = object.map(mapName);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, index);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            return map.lookup(key, value) ? value.get(ValueLayout.JAVA_LONG, 0) : 0;
        }
    }
}
