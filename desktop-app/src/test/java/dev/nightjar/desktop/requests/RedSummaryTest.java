package dev.nightjar.desktop.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.RequestFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RED math against histograms worked by hand (see {@link Log2Histogram} for the rule).
 * Bucket i is [2^i, 2^(i+1)) ns: 2^20 = 1,048,576; 2^23 = 8,388,608; 2^25 = 33,554,432; 2^27 = 134,217,728.
 */
class RedSummaryTest {

    @Test
    void perRouteRateErrorsAndPercentiles() {
        List<RedRow> rows = RedSummary.of(RequestFixtures.stats(), EndpointNamer.ADDRESSES_ONLY,
                RedSummary.Grouping.ROUTE);
        assertThat(rows).extracting(RedRow::route).containsExactly("/api/orders/{id}", "/api/checkout");

        RedRow orders = rows.get(0);
        assertThat(orders.server()).isEqualTo("10.0.2.20:8080");
        assertThat(orders.method()).isEqualTo("GET");
        assertThat(orders.protocol()).isEqualTo("http");
        assertThat(orders.ratePerSecond()).as("100 in one second").isEqualTo(100.0);
        assertThat(orders.stats().errorPercent()).isZero();
        // 80 in bucket 20, 15 in 23, 5 in 27.
        // p50: rank 50 in bucket 20: 1,048,576 + 1,048,576 × 50/80 = 1,703,936
        assertThat(orders.stats().p50Ns()).isEqualTo(1_703_936.0);
        // p90: rank 90, 80 below, bucket 23: 8,388,608 + 8,388,608 × 10/15 = 13,981,013.33…
        assertThat(orders.stats().p90Ns()).isCloseTo(13_981_013.333, within(0.001));
        // p99: rank 99, 95 below, bucket 27: 134,217,728 + 134,217,728 × 4/5 = 241,591,910.4
        assertThat(orders.stats().p99Ns()).isCloseTo(241_591_910.4, within(0.001));

        RedRow checkout = rows.get(1);
        assertThat(checkout.ratePerSecond()).isEqualTo(10.0);
        assertThat(checkout.stats().errorPercent()).isEqualTo(100.0);
        // 10 in bucket 25. p50: rank 5: 33,554,432 × (1 + 5/10) = 50,331,648; p99: rank 9.9: × 1.99
        assertThat(checkout.stats().p50Ns()).isEqualTo(50_331_648.0);
        assertThat(checkout.stats().p99Ns()).isCloseTo(66_773_319.68, within(0.001));
    }

    @Test
    void perPairAddsTheRoutesUp() {
        List<RedRow> rows = RedSummary.of(RequestFixtures.stats(), EndpointNamer.ADDRESSES_ONLY,
                RedSummary.Grouping.PAIR);
        assertThat(rows).singleElement().satisfies(pair -> {
            assertThat(pair.client()).isEqualTo("10.0.1.10");
            assertThat(pair.server()).isEqualTo("10.0.2.20:8080");
            assertThat(pair.stats().count()).isEqualTo(110);
            assertThat(pair.ratePerSecond()).isEqualTo(110.0);
            assertThat(pair.stats().errorPercent()).isCloseTo(100.0 * 10 / 110, within(1e-9));
            // 110 exchanges: 80 in 20, 15 in 23, 10 in 25, 5 in 27. p50: rank 55 in bucket 20:
            // 1,048,576 × (1 + 55/80) = 1,769,472
            assertThat(pair.stats().p50Ns()).isEqualTo(1_769_472.0);
        });
    }

    @Test
    void histogramEdgesEmptyZeroAndTheTopBucket() {
        Log2Histogram h = new Log2Histogram();
        assertThat(h.percentileNs(0.5)).isNaN();
        h.addOne(0);
        h.addOne(1);
        assertThat(h.count(0)).isEqualTo(2);
        // bucket 0 is [0, 2): rank 1 of 2 → 0 + 2 × 1/2
        assertThat(h.percentileNs(0.5)).isEqualTo(1.0);
        h.addOne(1_500_000);
        assertThat(h.count(20)).as("1.5 ms is in [2^20, 2^21)").isEqualTo(1);
        h.addOne(Long.MAX_VALUE);
        assertThat(h.count(62)).isEqualTo(1);
        assertThat(h.percentileNs(1.0)).isEqualTo(Math.scalb(1.0, 63));
    }
}
