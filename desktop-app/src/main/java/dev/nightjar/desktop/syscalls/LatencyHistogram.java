package dev.nightjar.desktop.syscalls;

import java.util.Arrays;
import java.util.List;

/**
 * Log2 latency buckets merged over processes and intervals: bucket i counts calls that took
 * [2^i, 2^(i+1)) ns (bucket 0 also holds 0 ns). Percentiles are estimates: the exact latencies
 * are not kept, so a percentile is placed inside its bucket by linear interpolation.
 */
public final class LatencyHistogram {

    /** Latencies up to 2^63 ns; more buckets than the sensor ever sends are ignored, and counted. */
    public static final int BUCKETS = 64;

    private final long[] buckets = new long[BUCKETS];
    private long total;
    private long ignoredBuckets;

    public void add(List<Long> log2Buckets) {
        for (int i = 0; i < log2Buckets.size(); i++) {
            long n = log2Buckets.get(i);
            if (i >= BUCKETS) {
                ignoredBuckets += n;
                continue;
            }
            buckets[i] += n;
            total += n;
        }
    }

    /** One call of a known latency, e.g. a span when no histogram covers its syscall. */
    public void addLatency(long nanos) {
        buckets[bucketOf(nanos)]++;
        total++;
    }

    public static int bucketOf(long nanos) {
        return nanos <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(nanos);
    }

    public static long bucketLow(int i) {
        return i == 0 ? 0 : 1L << i;
    }

    /** Exclusive upper bound of bucket i (saturates at Long.MAX_VALUE for the last bucket). */
    public static long bucketHigh(int i) {
        return i >= 63 ? Long.MAX_VALUE : 1L << (i + 1);
    }

    public long total() {
        return total;
    }

    /** Calls counted in buckets past the 64 this type holds; should stay 0. */
    public long ignored() {
        return ignoredBuckets;
    }

    public long[] buckets() {
        return buckets.clone();
    }

    /**
     * Estimated latency at quantile q (0 < q <= 1): the bucket holding the q-th call, with the
     * position inside it interpolated linearly. Always inside that bucket's [low, high). 0 if empty.
     */
    public long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        double rank = Math.max(1, Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long n = buckets[i];
            if (n == 0) {
                continue;
            }
            if (seen + n >= rank) {
                double fraction = (rank - seen - 0.5) / n;
                long low = bucketLow(i);
                long high = bucketHigh(i);
                long estimate = low + (long) ((high - low) * fraction);
                return Math.min(Math.max(estimate, low), high - 1);
            }
            seen += n;
        }
        return bucketHigh(BUCKETS - 1) - 1;
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + Arrays.toString(buckets);
    }
}
