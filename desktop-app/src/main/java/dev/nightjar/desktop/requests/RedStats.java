package dev.nightjar.desktop.requests;

import dev.nightjar.protocol.v1.RequestStats;

/**
 * Rate, errors and duration of one group of exchanges (a route, a client-server pair),
 * summed from RequestStats records.
 */
public final class RedStats {

    private final Log2Histogram latency = new Log2Histogram();
    private long count;
    private long errors;

    public void add(RequestStats stats) {
        count += stats.getCount();
        errors += stats.getErrors();
        latency.add(stats.getLog2BucketsList());
    }

    /** One exchange seen as a Request event (where no stats cover it). */
    public void addExchange(long latencyNs, boolean error) {
        count++;
        errors += error ? 1 : 0;
        latency.addOne(latencyNs);
    }

    /** Another group's sums (groups folded together). */
    public void add(RedStats other) {
        count += other.count;
        errors += other.errors;
        latency.add(other.latency);
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Exchanges per second over {@code windowNs}; 0 for an empty window. */
    public double ratePerSecond(long windowNs) {
        return windowNs <= 0 ? 0 : count * 1e9 / windowNs;
    }

    /** Errors in percent of the exchanges; 0 without exchanges. */
    public double errorPercent() {
        return count == 0 ? 0 : 100.0 * errors / count;
    }

    public double p50Ns() {
        return latency.percentileNs(0.50);
    }

    public double p90Ns() {
        return latency.percentileNs(0.90);
    }

    public double p99Ns() {
        return latency.percentileNs(0.99);
    }

    public Log2Histogram latency() {
        return latency;
    }
}
