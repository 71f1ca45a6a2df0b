package dev.nightjar.sensor.flows;

import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.libbpf.BpfObject;

/** The flows object's own counters (map nj_flow_counters, enum nj_flow_counter in bpf/flows.bpf.c). */
enum FlowCounter {
    /** Socket storage could not be allocated: that socket is not tracked. */
    STORAGE_FAILED(0),
    /** A reset sent after a close that went into an aggregate: in no record. */
    LATE_RESET_LOST(1),
    /** A close found the ring full and could not wait in the connections map: in no record. */
    CLOSE_LOST(2),
    /** An aggregate map was full: the close went through the ring as its own record instead. */
    AGGREGATE_OVERFLOW(3),
    /** The connections map could not take a connection: it shows only at its close. */
    CONNS_FULL(4);

    static final String MAP_NAME = "nj_flow_counters";

    private final int index;

    FlowCounter(int index) {
        this.index = index;
    }

    long read(BpfObject object) {
        return KernelCounter.read(object, MAP_NAME, index);
    }
}
