package dev.nightjar.desktop.requests;

import java.util.List;

/**
 * A latency histogram as the sensor counts it: bucket {@code i} holds the exchanges whose
 * latency in nanoseconds is in [2^i, 2^(i+1)); bucket 0 also holds 0 (RequestStats).
 *
 * <p>Percentiles interpolate linearly inside the bucket the rank falls in: for a quantile
 * {@code q}, the rank is {@code q × total}; with {@code before} exchanges in the buckets below
 * and {@code n} in bucket {@code i}, the value is {@code lo + (hi − lo) × (rank − before) / n},
 * {@code lo = 2^i} ({@code 0} for bucket 0), {@code hi = 2^(i+1)}. So the answer is never
 * outside the bucket the true value is in: at most a factor of 2 off, the histogram's resolution.
 */
public final class Log2Histogram {

    /** Buckets 0 … 63 cover every uint64 latency. */
    public static final int BUCKETS = 64;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Adds a sensor histogram, bucket by bucket; buckets past 63 (none are sent) count in 63. */
    public void add(List<Long> log2Buckets) {
        for (int i = 0; i < log2Buckets.size(); i++) {
            long n = log2Buckets.get(i);
            counts[Math.min(i, BUCKETS - 1)] += n;
            total += n;
        }
    }

    /** Adds another histogram's counts. */
    public void add(Log2Histogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** Adds one exchange of {@code latencyNs} (a Request event's latency). */
    public void addOne(long latencyNs) {
        int bucket = latencyNs <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(latencyNs);
        counts[bucket]++;
        total++;
    }

    public long total() {
        return total;
    }

    public long count(int bucket) {
        return counts[bucket];
    }

    /** The lower bound of bucket {@code i} in nanoseconds. */
    public static double lowerNs(int bucket) {
        return bucket == 0 ? 0 : Math.scalb(1.0, bucket);
    }

    /**
     * The latency below which a fraction {@code q} of the exchanges fall, in nanoseconds
     * (as described on the class); NaN when the histogram is empty.
     *
     * @param q in (0, 1]
     */
    public double percentileNs(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], was " + q);
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long before = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long n = counts[i];
            if (n > 0 && before + n >= rank) {
                double lo = lowerNs(i);
                double hi = Math.scalb(1.0, i + 1);
                return lo + (hi - lo) * (rank - before) / n;
            }
            before += n;
        }
        return Math.scalb(1.0, BUCKETS);
    }
}
