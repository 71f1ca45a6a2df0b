package dev.nightjar.desktop.syscalls;

import java.util.Map;

/**
 * One syscall's figures over the window, merged over every process and interval.
 *
 * @param count        calls counted
 * @param errors       calls that returned an error
 * @param totalNs      summed latency
 * @param p50Ns        estimated from the log2 buckets, see {@link LatencyHistogram#percentile}
 * @param buckets      the merged log2 buckets, for a mini histogram
 * @param slowSpans    spans (calls over the sensor's threshold) recorded for this syscall
 * @param fromSpansOnly true when no histogram covered this syscall and the figures come from its spans alone
 * @param slowErrnos    failed slow calls (spans) by errno name: which errors they were. Histograms count
 *                      errors without saying which, so fast failures are in {@code errors} only.
 */
public record SyscallStats(String syscall, long count, long errors, long totalNs,
                           long p50Ns, long p90Ns, long p99Ns, long[] buckets, long slowSpans, boolean fromSpansOnly,
                           Map<String, Long> slowErrnos) {

    public SyscallStats {
        slowErrnos = Map.copyOf(slowErrnos);
    }

    public SyscallStats(String syscall, long count, long errors, long totalNs, long p50Ns, long p90Ns, long p99Ns,
                        long[] buckets, long slowSpans, boolean fromSpansOnly) {
        this(syscall, count, errors, totalNs, p50Ns, p90Ns, p99Ns, buckets, slowSpans, fromSpansOnly, Map.of());
    }

    /** E.g. "ECONNREFUSED 120 · ETIMEDOUT 3", most frequent first; empty when no slow call failed. */
    public String errnoBreakdown() {
        return slowErrnos.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> String.format(java.util.Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(" · "));
    }

    public long meanNs() {
        return count == 0 ? 0 : totalNs / count;
    }
}
