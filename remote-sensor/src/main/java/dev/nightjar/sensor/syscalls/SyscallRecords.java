package dev.nightjar.sensor.syscalls;

import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.sensor.collect.BpfTuple;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.libbpf.BpfMap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes the records of bpf/syscalls.bpf.c:
 *
 * <pre>
 * struct nj_sys_span  (72)  pid @0, tid @4, nr @8, start_ns @16, duration_ns @24, ret @32, arg0 @40,
 *                           cgroup_id @48, comm[16] @56
 * struct nj_sys_key    (8)  pid @0, nr @4
 * struct nj_sys_stats (368) count @0, errors @8, total_ns @16, cgroup_id @24, comm[16] @32, buckets[40] @48
 * struct nj_sys_config (24) threshold_ns @0, self_tgid @8, enabled @12, by_nr @13, whole_node @14,
 *                           cgroup_depths @16
 * </pre>
 */
final class SyscallRecords {

    static final int SPAN_SIZE = 72;
    static final long SPAN_PID = 0;
    static final long SPAN_TID = 4;
    static final long SPAN_NR = 8;
    static final long SPAN_START = 16;
    static final long SPAN_DURATION = 24;
    static final long SPAN_RET = 32;
    static final long SPAN_ARG0 = 40;
    static final long SPAN_CGROUP = 48;
    static final long SPAN_COMM = 56;

    static final int KEY_SIZE = 8;
    static final long KEY_PID = 0;
    static final long KEY_NR = 4;
    static final int STATS_SIZE = 368;
    static final long STATS_COUNT = 0;
    static final long STATS_ERRORS = 8;
    static final long STATS_TOTAL = 16;
    static final long STATS_CGROUP = 24;
    static final long STATS_COMM = 32;
    static final long STATS_BUCKETS = 48;
    static final int BUCKETS = 40;

    static final int CONFIG_SIZE = 24;
    static final long CONFIG_THRESHOLD = 0;
    static final long CONFIG_SELF = 8;
    static final long CONFIG_ENABLED = 12;
    static final long CONFIG_BY_NR = 13;
    static final long CONFIG_WHOLE_NODE = 14;
    static final long CONFIG_CGROUP_DEPTHS = 16;

    private static final int COMM_LEN = 16;
    private static final int MAX_ERRNO = 4095;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    private SyscallRecords() {
    }

    /** Writes struct nj_sys_config into {@code cfg} ({@link #CONFIG_SIZE} bytes). */
    static void config(MemorySegment cfg, long thresholdNs, int selfTgid, boolean enabled, boolean byNr,
                       boolean wholeNode, int cgroupDepths) {
        cfg.fill((byte) 0);
        cfg.set(U64, CONFIG_THRESHOLD, thresholdNs);
        cfg.set(U32, CONFIG_SELF, selfTgid);
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_ENABLED, (byte) (enabled ? 1 : 0));
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_BY_NR, (byte) (byNr ? 1 : 0));
        cfg.set(ValueLayout.JAVA_BYTE, CONFIG_WHOLE_NODE, (byte) (wholeNode ? 1 : 0));
        cfg.set(U32, CONFIG_CGROUP_DEPTHS, cgroupDepths);
    }

    /** One u64 of an array map of counters (nj_sys_errors). */
    static long counter(BpfMap map, int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, index);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            return map.lookup(key, value) ? value.get(ValueLayout.JAVA_LONG, 0) : 0;
        }
    }

    /** A span without its fd target, which needs /proc and is filled in by the caller. */
    static SyscallSpan.Builder span(MemorySegment r, SyscallNames names, KernelClock clock) {
        int nr = r.get(U32, SPAN_NR);
        long ret = r.get(U64, SPAN_RET);
        int fd = names.takesFd(nr) ? (int) r.get(U64, SPAN_ARG0) : -1;
        return SyscallSpan.newBuilder()
                .setPid(r.get(U32, SPAN_PID))
                .setTid(r.get(U32, SPAN_TID))
                .setComm(BpfTuple.cString(r, SPAN_COMM, COMM_LEN))
                .setSyscallNr(nr)
                .setSyscallName(names.name(nr))
                .setStartNs(clock.toWallNanos(r.get(U64, SPAN_START)))
                .setDurationNs(r.get(U64, SPAN_DURATION))
                .setReturnValue(ret)
                .setErrno(errno(ret))
                .setFd(fd)
                .setCgroupId(r.get(U64, SPAN_CGROUP));
    }

    /** The errno of a raw syscall return value: -4095..-1 are errors, anything else is not. */
    static int errno(long ret) {
        return ret < 0 && ret >= -MAX_ERRNO ? (int) -ret : 0;
    }

    static SyscallHistogram histogram(MemorySegment key, MemorySegment stats, SyscallNames names,
                                      long intervalStart, long intervalEnd) {
        int nr = key.get(U32, KEY_NR);
        SyscallHistogram.Builder h = SyscallHistogram.newBuilder()
                .setPid(key.get(U32, KEY_PID))
                .setComm(BpfTuple.cString(stats, STATS_COMM, COMM_LEN))
                .setCgroupId(stats.get(U64, STATS_CGROUP))
                .setSyscallNr(nr)
                .setSyscallName(names.name(nr))
                .setCount(stats.get(U64, STATS_COUNT))
                .setErrors(stats.get(U64, STATS_ERRORS))
                .setTotalLatencyNs(stats.get(U64, STATS_TOTAL))
                .setIntervalStartNs(intervalStart)
                .setIntervalEndNs(intervalEnd);
        int last = BUCKETS - 1;
        while (last >= 0 && stats.get(U64, STATS_BUCKETS + 8L * last) == 0) {
            last--; // trailing empty buckets are not sent
        }
        for (int i = 0; i <= last; i++) {
            h.addLog2Buckets(stats.get(U64, STATS_BUCKETS + 8L * i));
        }
        return h.build();
    }
}
