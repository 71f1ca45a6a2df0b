package dev.nightjar.desktop.servicemap;

/**
 * How an edge of the service map is doing, for its colour. Thresholds:
 * <ul>
 *   <li>{@link #FAILING}: at least {@value #FAILING_ERROR_PERCENT}% of the exchanges failed;</li>
 *   <li>{@link #DEGRADED}: at least {@value #DEGRADED_ERROR_PERCENT}% failed, or p99 latency at least
 *       {@value #DEGRADED_P99_MS} ms, or DNS lookups answered NXDOMAIN/SERVFAIL, or packets between
 *       its ends were dropped;</li>
 *   <li>{@link #OK}: none of that.</li>
 * </ul>
 * An edge known only from sampled Request events (no stats cover it) has no true error rate (the
 * sensor keeps failures preferentially): any failure makes it {@link #DEGRADED}, never FAILING.
 */
public enum Health {
    OK, DEGRADED, FAILING;

    public static final double FAILING_ERROR_PERCENT = 5;
    public static final double DEGRADED_ERROR_PERCENT = 1;
    public static final long DEGRADED_P99_MS = 500;

    static Health of(double errorPercent, double p99Ns, boolean sampled, long errors, long troubles) {
        if (sampled) {
            return errors > 0 || troubles > 0 ? DEGRADED : OK;
        }
        if (errorPercent >= FAILING_ERROR_PERCENT) {
            return FAILING;
        }
        boolean slow = p99Ns >= DEGRADED_P99_MS * 1e6;
        return errorPercent >= DEGRADED_ERROR_PERCENT || slow || troubles > 0 ? DEGRADED : OK;
    }

    /** The worse of two. */
    Health worst(Health other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
