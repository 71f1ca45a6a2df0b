package dev.nightjar.desktop.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static List<Long> oneBucket(int bucket, long count) {
        List<Long> b = new ArrayList<>(Collections.nCopies(bucket + 1, 0L));
        b.set(bucket, count);
        return b;
    }

    @Test
    void everyPercentileOfSamplesInOneBucketLiesInsideThatBucket() {
        LatencyHistogram h = new LatencyHistogram();
        h.add(oneBucket(20, 1000));
        for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 1.0}) {
            assertThat(h.percentile(q)).as("p%s", q * 100).isBetween(1L << 20, (1L << 21) - 1);
        }
        assertThat(h.percentile(0.9)).isGreaterThan(h.percentile(0.5));
    }

    @Test
    void percentilesFollowTheRankAcrossBuckets() {
        LatencyHistogram h = new LatencyHistogram();
        h.add(oneBucket(10, 90));   // 90 fast calls around 1 µs
        h.add(oneBucket(24, 9));    // 9 around 16 ms
        h.add(oneBucket(30, 1));    // 1 around 1 s
        assertThat(h.total()).isEqualTo(100);
        assertThat(h.percentile(0.50)).isBetween(1L << 10, (1L << 11) - 1);
        assertThat(h.percentile(0.90)).isBetween(1L << 10, (1L << 11) - 1);
        assertThat(h.percentile(0.95)).isBetween(1L << 24, (1L << 25) - 1);
        assertThat(h.percentile(0.999)).isBetween(1L << 30, (1L << 31) - 1);
    }

    @Test
    void singleLatenciesLandInTheirPowerOfTwoBucket() {
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(1)).isZero();
        assertThat(LatencyHistogram.bucketOf(1023)).isEqualTo(9);
        assertThat(LatencyHistogram.bucketOf(1024)).isEqualTo(10);
        assertThat(LatencyHistogram.bucketOf(5_000_000)).isEqualTo(22);
        LatencyHistogram h = new LatencyHistogram();
        h.addLatency(5_000_000);
        assertThat(h.percentile(0.5)).isBetween(1L << 22, (1L << 23) - 1);
    }

    @Test
    void anEmptyHistogramHasNoLatency() {
        assertThat(new LatencyHistogram().percentile(0.99)).isZero();
    }
}
