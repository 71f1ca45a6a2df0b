package dev.nightjar.sensor.drops;

import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.sensor.btf.DropReasons;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.FilterCheck;
import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes one entry of the kernel's {@code nj_drops} map (bpf/drop_reasons.bpf.c):
 *
 * <pre>
 * struct nj_drop_key   (64)  tuple @0 (40), location @40, reason @48, ifindex @52, netns @56
 * struct nj_drop_value (56)  count @0, first_ns @8, last_ns @16, cgroup_id @24, ifname[16] @32, pid @48
 * </pre>
 */
final class DropRecord {

    static final int KEY_SIZE = 64;
    static final int VALUE_SIZE = 56;
    static final long LOCATION = 40;
    static final long REASON = 48;
    static final long IFINDEX = 52;
    static final long NETNS = 56;
    static final long COUNT = 0;
    static final long FIRST_NS = 8;
    static final long LAST_NS = 16;
    static final long CGROUP_ID = 24;
    static final long IFNAME = 32;
    static final long PID = 48;
    private static final int IFNAMSIZ = 16;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    private DropRecord() {
    }

    static long count(MemorySegment value) {
        return value.get(U64, COUNT);
    }

    /** Whether the filter in force now lets this drop through (it may have changed since the kernel counted it). */
    static boolean passes(MemorySegment key, MemorySegment value, FilterCheck filter) {
        return filter.passesDrop(Short.toUnsignedInt(key.get(ValueLayout.JAVA_SHORT_UNALIGNED, 32)),
                Short.toUnsignedInt(key.get(ValueLayout.JAVA_SHORT_UNALIGNED, 34)), value.get(U64, CGROUP_ID));
    }

    static DropEvent decode(MemorySegment key, MemorySegment value, DropReasons reasons, KernelSymbols symbols,
                            KernelClock clock) {
        int reason = key.get(U32, REASON);
        long location = key.get(U64, LOCATION);
        return DropEvent.newBuilder()
                .setReasonCode(reason)
                .setReasonName(reasons.name(reason))
                .setLocation(symbols.symbolize(location))
                .setLocationAddress(location)
                .setTuple(BpfTuple.decode(key.asSlice(0, BpfTuple.SIZE)))
                .setNetnsInode(Integer.toUnsignedLong(key.get(U32, NETNS)))
                .setIfindex(key.get(U32, IFINDEX))
                .setIfname(BpfTuple.cString(value, IFNAME, IFNAMSIZ))
                .setCount(value.get(U64, COUNT))
                .setFirstSeenNs(clock.toWallNanos(value.get(U64, FIRST_NS)))
                .setLastSeenNs(clock.toWallNanos(value.get(U64, LAST_NS)))
                .setCgroupId(value.get(U64, CGROUP_ID))
                .setPid(value.get(U32, PID))
                .build();
    }
}
