package dev.nightjar.sensor.flows;

import dev.nightjar.sensor.collect.BpfTuple;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct nj_owner} (bpf/include/nightjar_net.h), 24 bytes: pid @0, source @4, comm[16] @8. */
final class SocketOwner {

    static final int SIZE = 24;
    static final long PID = 0;
    static final long SOURCE = 4;
    static final long COMM = 8;
    static final int COMM_LENGTH = 16;
    /** enum nj_owner_source: the task that called listen(). */
    static final byte SOURCE_LISTENER = 2;

    private SocketOwner() {
    }

    /** The owner's pid, of the struct at {@code offset} in {@code record}. */
    static int pid(MemorySegment record, long offset) {
        return record.get(ValueLayout.JAVA_INT_UNALIGNED, offset + PID);
    }

    static String comm(MemorySegment record, long offset) {
        return BpfTuple.cString(record, offset + COMM, COMM_LENGTH);
    }
}
