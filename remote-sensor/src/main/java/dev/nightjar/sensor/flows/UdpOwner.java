package dev.nightjar.sensor.flows;

import dev.nightjar.sensor.collect.BpfTuple;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct nj_owner} (bpf/flows.bpf.c), 24 bytes: pid @0, netns @4,
 * comm[16] @8; and {@code struct nj_udp_key}, 32 bytes: cookie @0, raddr @8,
 * rport @24.
 */
final class UdpOwner {

    static final int SIZE = 24;
    static final int KEY_SIZE = 32;
    static final long PID = 0;
    static final long NETNS = 4;
    static final long COMM = 8;
    static final long KEY_COOKIE = 0;

    private UdpOwner() {
    }

    static int pid(MemorySegment owner) {
        return owner.get(ValueLayout.JAVA_INT_UNALIGNED, PID);
    }

    static long netns(MemorySegment owner) {
        return Integer.toUnsignedLong(owner.get(ValueLayout.JAVA_INT_UNALIGNED, NETNS));
    }

    static String comm(MemorySegment owner) {
        return BpfTuple.cString(owner, COMM, 16);
    }
}
