package dev.nightjar.sensor.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the kernel-backed collectors. Start from {@link #defaults()} and
 * change what differs with the {@code with...} methods.
 *
 * @param procRoot the host's /proc ({@code /host/proc} in a pod): kallsyms, mountinfo
 * @param sysRoot the host's /sys: kernel BTF
 * @param cgroupRoot the cgroup v2 hierarchy root the UDP flow programs attach to;
 *                   empty: the first cgroup2 mount in {@code procRoot}/self/mountinfo
 * @param flushInterval how often aggregated kernel maps are read (default 1 s)
 * @param dropTracepoint the tp_btf tracepoint the drop program attaches to (kfree_skb);
 *                       another name exists to test how a failed load is reported
 * @param flowStateTracepoint the tp_btf tracepoint of TCP state changes (inet_sock_set_state)
 * @param udpIdleTimeout a UDP flow with no datagram for this long is reported closed and forgotten
 * @param memory the heap shares of the collectors' tables and caches (default: derived from this JVM's heap)
 */
public record KernelCollectorsConfig(Path procRoot, Path sysRoot, Optional<Path> cgroupRoot, Duration flushInterval,
                                     String dropTracepoint, String flowStateTracepoint, Duration udpIdleTimeout,
                                     MemoryBudget memory) {

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MIN_FLUSH_INTERVAL = Duration.ofMillis(50);

    public KernelCollectorsConfig {
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(sysRoot, "sysRoot");
        Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        Objects.requireNonNull(dropTracepoint, "dropTracepoint");
        Objects.requireNonNull(flowStateTracepoint, "flowStateTracepoint");
        Objects.requireNonNull(memory, "memory");
        if (flushInterval.compareTo(MIN_FLUSH_INTERVAL) < 0) {
            throw new IllegalArgumentException("flush interval " + flushInterval.toMillis()
                    + " ms is below the minimum of " + MIN_FLUSH_INTERVAL.toMillis() + " ms");
        }
        if (udpIdleTimeout.isNegative() || udpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("UDP idle timeout must be positive, not " + udpIdleTimeout);
        }
    }

    public static KernelCollectorsConfig defaults() {
        return new KernelCollectorsConfig(Path.of("/proc"), Path.of("/sys"), Optional.empty(),
                DEFAULT_FLUSH_INTERVAL, "kfree_skb", "inet_sock_set_state", Duration.ofSeconds(60), MemoryBudget.ofThisJvm());
    }

    public KernelCollectorsConfig withProcRoot(Path p) {
        return new KernelCollectorsConfig(p, sysRoot, cgroupRoot, flushInterval, dropTracepoint, flowStateTracepoint, udpIdleTimeout, memory);
    }

    public KernelCollectorsConfig withSysRoot(Path p) {
        return new KernelCollectorsConfig(procRoot, p, cgroupRoot, flushInterval, dropTracepoint, flowStateTracepoint, udpIdleTimeout, memory);
    }

    public KernelCollectorsConfig withCgroupRoot(Path p) {
        return new KernelCollectorsConfig(procRoot, sysRoot, Optional.of(p), flushInterval, dropTracepoint, flowStateTracepoint, udpIdleTimeout, memory);
    }

    public KernelCollectorsConfig withFlushInterval(Duration d) {
        return new KernelCollectorsConfig(procRoot, sysRoot, cgroupRoot, d, dropTracepoint, flowStateTracepoint, udpIdleTimeout, memory);
    }

    public KernelCollectorsConfig withDropTracepoint(String t) {
        return new KernelCollectorsConfig(procRoot, sysRoot, cgroupRoot, flushInterval, t, flowStateTracepoint, udpIdleTimeout, memory);
    }

    public KernelCollectorsConfig withFlowStateTracepoint(String t) {
        return new KernelCollectorsConfig(procRoot, sysRoot, cgroupRoot, flushInterval, dropTracepoint, t, udpIdleTimeout, memory);
    }

    public KernelCollectorsConfig withUdpIdleTimeout(Duration d) {
        return new KernelCollectorsConfig(procRoot, sysRoot, cgroupRoot, flushInterval, dropTracepoint, flowStateTracepoint, d, memory);
    }

    public KernelCollectorsConfig withMemory(MemoryBudget m) {
        return new KernelCollectorsConfig(procRoot, sysRoot, cgroupRoot, flushInterval, dropTracepoint, flowStateTracepoint, udpIdleTimeout, m);
    }
}
