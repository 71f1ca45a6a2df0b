package dev.nightjar.sensor.drops;

import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
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
 * struct nj_drop_value (56)  count @0, first_ns @8, last_ns @16, cgroup_id @24, ifname[16] @32, pid @48,
 *                            port @52, aggregated @54, ports_differ @55
 * </pre>
 *
 * A key whose source or destination port is 0 in place of a client's port
 * ({@code aggregated}) gets that port back from the value when all its
 * packets had the same one.
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
    static final long PORT = 52;
    static final long AGGREGATED = 54;
    static final long PORTS_DIFFER = 55;
    static final int AGGREGATED_SOURCE_PORT = 1;
    static final int AGGREGATED_DESTINATION_PORT = 2;
    private static final int IFNAMSIZ = 16;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final long SPORT = 32;
    private static final long DPORT = 34;

    private DropRecord() {
    }

    /** Whether the filter in force now lets this drop through (it may have changed since the kernel counted it). */
    static boolean passes(MemorySegment key, MemorySegment value, FilterCheck filter) {
        int aggregated = aggregated(value);
        int port = Short.toUnsignedInt(value.get(ValueLayout.JAVA_SHORT_UNALIGNED, PORT));
        int source = aggregated == AGGREGATED_SOURCE_PORT ? port : Short.toUnsignedInt(key.get(U16, SPORT));
        int destination = aggregated == AGGREGATED_DESTINATION_PORT ? port : Short.toUnsignedInt(key.get(U16, DPORT));
        return filter.passesDrop(source, destination, value.get(U64, CGROUP_ID));
    }

    private static int aggregated(MemorySegment value) {
        return Byte.toUnsignedInt(value.get(ValueLayout.JAVA_BYTE, AGGREGATED));
    }

    static DropEvent decode(MemorySegment key, MemorySegment value, DropReasons reasons, KernelSymbols symbols,
                            KernelClock clock) {
        int reason = key.get(U32, REASON);
        long location = key.get(U64, LOCATION);
        FiveTuple.Builder tuple = BpfTuple.decode(key.asSlice(0, BpfTuple.SIZE)).toBuilder();
        boolean several = value.get(ValueLayout.JAVA_BYTE, PORTS_DIFFER) != 0;
        int port = Short.toUnsignedInt(value.get(ValueLayout.JAVA_SHORT_UNALIGNED, PORT));
        if (!several && aggregated(value) == AGGREGATED_SOURCE_PORT) {
            tuple.setSrcPort(port);
        } else if (!several && aggregated(value) == AGGREGATED_DESTINATION_PORT) {
            tuple.setDstPort(port);
        }
        return DropEvent.newBuilder()
                .setReasonCode(reason)
                .setReasonName(reasons.name(reason))
                .setLocation(symbols.symbolize(location))
                .setLocationAddress(location)
                .setTuple(tuple)
                .setPortsAggregated(several && aggregated(value) != 0)
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
