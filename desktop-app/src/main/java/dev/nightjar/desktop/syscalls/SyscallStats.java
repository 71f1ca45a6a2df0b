package dev.nightjar.desktop.syscalls;

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
 */
public record SyscallStats(String syscall, long count, long errors, long totalNs,
                           long p50Ns, long p90Ns, long p99Ns, long[] buckets, long slowSpans, boolean fromSpansOnly) {

    public long meanNs() {
        return count == 0 ? 0 : totalNs / count;
    }
}
