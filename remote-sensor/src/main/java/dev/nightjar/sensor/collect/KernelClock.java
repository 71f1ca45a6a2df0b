package dev.nightjar.sensor.collect;

import dev.nightjar.sensor.libbpf.Libc;

/**
 * Converts {@code bpf_ktime_get_ns()} (CLOCK_MONOTONIC) to wall-clock
 * nanoseconds since the epoch. The offset between the two clocks is sampled
 * with the monotonic reads bracketing the wall read, keeping the tightest of a
 * few tries; collectors take a fresh one per flush so wall-clock steps (NTP)
 * show up within an interval.
 */
public final class KernelClock {

    private static final int SAMPLES = 5;

    private final long wallMinusMonotonic;

    private KernelClock(long wallMinusMonotonic) {
        this.wallMinusMonotonic = wallMinusMonotonic;
    }

    public static KernelClock calibrate() {
        long bestGap = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long before = Libc.clockNanos(Libc.CLOCK_MONOTONIC);
            long wall = Libc.clockNanos(Libc.CLOCK_REALTIME);
            long after = Libc.clockNanos(Libc.CLOCK_MONOTONIC);
            if (after - before < bestGap) {
                bestGap = after - before;
                bestOffset = wall - (before + (after - before) / 2);
            }
        }
        return new KernelClock(bestOffset);
    }

    /** Wall-clock ns of a kernel monotonic timestamp; 0 stays 0 (unknown). */
    public long toWallNanos(long monotonicNanos) {
        return monotonicNanos == 0 ? 0 : monotonicNanos + wallMinusMonotonic;
    }

    public long nowWallNanos() {
        return Libc.clockNanos(Libc.CLOCK_REALTIME);
    }

    public static long nowMonotonicNanos() {
        return Libc.clockNanos(Libc.CLOCK_MONOTONIC);
    }

    /** When CLOCK_MONOTONIC was zero, in wall-clock ns (the boot time, less any suspend). */
    public long monotonicEpochWallNanos() {
        return wallMinusMonotonic;
    }
}
