package dev.nightjar.sensor.server;

import dev.nightjar.sensor.collect.MemoryBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link SensorServer} behaves. Build with {@link #builder}; every value
 * but the node name and the token has a default.
 *
 * @param sensorVersion  the build's version reported in SensorInfo (default "dev"); {@code serve} passes
 *                       the jar's, so this package needs no way up to the entry point
 * @param queueCapacity  events each subscription may hold before it drops (default 16,384)
 * @param streamMemoryBytes estimated heap all subscriptions' queued events may hold together; each may hold
 *                       at most half (default: the stream share of {@link dev.nightjar.sensor.collect.MemoryBudget#ofThisJvm()})
 * @param maxStreams     Subscribe streams open at once (default 8); together they hold at most streamMemoryBytes
 * @param noiseDropReasons drop reason names a stream receives only with include_noise_drops (default none;
 *                       {@code serve} passes the drop collector's list)
 * @param reportInterval how often each stream gets a Heartbeat and a LostEvents (default 2 s)
 * @param idleExit       shut down after this long with no client call open; zero means never (default 10 min)
 * @param shutdownGrace  how long open calls get to finish at shutdown (default 5 s)
 */
public record SensorServerConfig(String nodeName, SessionToken token, String sensorVersion, Path procRoot,
                                 Path sysRoot, int queueCapacity, long streamMemoryBytes, int maxStreams,
                                 Duration reportInterval, Duration idleExit, Duration shutdownGrace,
                                 Set<String> noiseDropReasons) {

    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
    public static final int DEFAULT_MAX_STREAMS = 8;
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_IDLE_EXIT = Duration.ofMinutes(10);

    public SensorServerConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(sensorVersion, "sensorVersion");
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(sysRoot, "sysRoot");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        if (streamMemoryBytes < 1) {
            throw new IllegalArgumentException("streamMemoryBytes must be at least 1, was " + streamMemoryBytes);
        }
        noiseDropReasons = Set.copyOf(noiseDropReasons);
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1, was " + maxStreams);
        }
        if (reportInterval.isNegative() || reportInterval.isZero()) {
            throw new IllegalArgumentException("reportInterval must be positive, was " + reportInterval);
        }
        if (idleExit.isNegative()) {
            throw new IllegalArgumentException("idleExit cannot be negative, was " + idleExit);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace cannot be negative, was " + shutdownGrace);
        }
    }

    public static Builder builder(String nodeName, SessionToken token) {
        return new Builder(nodeName, token);
    }

    public static final class Builder {
        private final String nodeName;
        private final SessionToken token;
        private String sensorVersion = "dev";
        private Path procRoot = Path.of("/proc");
        private Path sysRoot = Path.of("/sys");
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long streamMemoryBytes = MemoryBudget.ofThisJvm().streamQueueBytes();
        private Set<String> noiseDropReasons = Set.of();
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private Duration reportInterval = DEFAULT_REPORT_INTERVAL;
        private Duration idleExit = DEFAULT_IDLE_EXIT;
        private Duration shutdownGrace = Duration.ofSeconds(5);

        private Builder(String nodeName, SessionToken token) {
            this.nodeName = nodeName;
            this.token = token;
        }

        public Builder sensorVersion(String value) {
            sensorVersion = value;
            return this;
        }

        public Builder procRoot(Path value) {
            procRoot = value;
            return this;
        }

        public Builder sysRoot(Path value) {
            sysRoot = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        public Builder streamMemoryBytes(long value) {
            streamMemoryBytes = value;
            return this;
        }

        public Builder noiseDropReasons(Set<String> value) {
            noiseDropReasons = value;
            return this;
        }

        public Builder maxStreams(int value) {
            maxStreams = value;
            return this;
        }

        public Builder reportInterval(Duration value) {
            reportInterval = value;
            return this;
        }

        public Builder idleExit(Duration value) {
            idleExit = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public SensorServerConfig build() {
            return new SensorServerConfig(nodeName, token, sensorVersion, procRoot, sysRoot, queueCapacity,
                    streamMemoryBytes, maxStreams, reportInterval, idleExit, shutdownGrace, noiseDropReasons);
        }
    }
}
