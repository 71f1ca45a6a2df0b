package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.protocol.v1.NetworkTarget;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.Targets;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.MemoryCgroup;
import dev.nightjar.sensor.lab.ServeProcess;
import dev.nightjar.sensor.lab.StreamTally;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor as the pod runs it (its own JVM with the image's JVM options, in a memory cgroup
 * with the pod's 256 MiB limit) under a UDP flood to 50,000 closed ports from a network
 * namespace of the test's own, for {@value #FLOOD_SECONDS} s, with two subscribers to the
 * flood's flows: one that reads everything, one that reads 500 events a second while the
 * flood lasts. It must stay up and within its memory, keep sending flows and heartbeats, and
 * account for every event: what each stream received plus what it reports lost is the same
 * for both, since both were offered the same events.
 */
@KernelTest
class ServeUnderFloodTest {

    private static final int FLOOD_SECONDS = 12;
    private static final int FLOOD_PORTS = 50_000;
    private static final int FLOOD_RATE = 40_000;
    private static final long POD_LIMIT_BYTES = 256L << 20;
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);
    /** A heartbeat is due every second; on a loaded CI machine allow a few to be late. */
    private static final long MAX_HEARTBEAT_GAP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFloodToFiftyThousandClosedPortsLeavesTheSensorUpBoundedAndAccountable() throws Exception {
        KernelTestSupport.requireNetworkLab();
        Path flooder = compileFlooder();
        Path cgroupRoot = CgroupRoot.fromMountinfo(Path.of("/proc/self/mountinfo")).orElseThrow();
        String id = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
        Path floodCgroup = Files.createDirectory(cgroupRoot.resolve("njp-flood-src-" + id));
        String netns = "njp-flood-" + id;
        Path token = dir.resolve("token");
        Files.writeString(token, "flood-token\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Commands.run(List.of("ip", "netns", "add", netns));
        try (MemoryCgroup memory = MemoryCgroup.create("njp-flood-sensor-" + id, POD_LIMIT_BYTES)) {
            Commands.run(List.of("ip", "-n", netns, "link", "set", "lo", "up"));
            try (ServeProcess sensor = ServeProcess.start(token, dir.resolve("serve.log"), memory::wrap,
                    "--report-interval", REPORT_INTERVAL.toSeconds() + "s", "--node-name", "flood")) {
                floodAndCheck(sensor, memory, flooder, floodCgroup, netns);
            }
        } finally {
            Commands.runQuietly(List.of("ip", "netns", "del", netns));
            Files.deleteIfExists(floodCgroup);
        }
    }

    private void floodAndCheck(ServeProcess sensor, MemoryCgroup memory, Path flooder, Path floodCgroup,
                               String netns) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", sensor.port()).usePlaintext().build();
        try {
            long cgroupId = ((Number) Files.getAttribute(floodCgroup, "unix:ino")).longValue();
            // Both streams ask for exactly the flood's flows, so both are offered the same events.
            SubscribeRequest request = SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setFlows(NetworkTarget.newBuilder().addCgroupIds(cgroupId))).build();
            StreamTally fast = StreamTally.reading();
            StreamTally slow = StreamTally.requesting(10);
            SensorClient client = new SensorClient(channel, "flood-token");
            var fastCall = client.subscribe(request, fast);
            var slowCall = client.subscribe(request, slow);
            await(() -> fast.opened && slow.opened && !fast.heartbeatNanos.isEmpty(), "both streams open");

            // Into the flood's cgroup first: `ip netns exec` mounts a sysfs of the namespace's own.
            Process flood = new ProcessBuilder("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                    floodCgroup.resolve("cgroup.procs").toString(), "ip", "netns", "exec", netns,
                    flooder.toString(), Integer.toString(FLOOD_SECONDS), Integer.toString(FLOOD_PORTS),
                    Integer.toString(FLOOD_RATE)).redirectErrorStream(true).start();
            long floodStart = System.nanoTime();
            while (flood.isAlive()) { // the slow stream reads 500 events a second while the flood lasts
                slow.requests.request(50);
                flood.waitFor(100, TimeUnit.MILLISECONDS);
                assertThat(System.nanoTime() - floodStart).as("flood bounded in time")
                        .isLessThan(TimeUnit.SECONDS.toNanos(FLOOD_SECONDS + 30));
            }
            long floodEnd = System.nanoTime();
            String floodOutput = new String(flood.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(flood.exitValue()).as(floodOutput).isZero();
            long sent = Long.parseLong(floodOutput.split(" ")[1]);

            assertThat(sensor.isAlive()).as("the sensor survived the flood: %s", sensor.output()).isTrue();
            assertThat(maxGap(fast.heartbeatNanos, floodStart, floodEnd)).as("heartbeats kept coming during the flood")
                    .isLessThan(MAX_HEARTBEAT_GAP_NANOS);
            assertThat(fast.flowNanos).as("flows arrived in the flood's last third")
                    .anyMatch(t -> t > floodStart + (floodEnd - floodStart) * 2 / 3 && t <= floodEnd + QUIET.toNanos());

            // The flood's flows stop changing; let the slow stream read the rest, then take the last counts.
            slow.requests.request(Integer.MAX_VALUE);
            await(() -> quietFor(fast) && quietFor(slow), "both streams quiet after the flood");
            long reportsNow = Math.max(fast.lostReports.get(), slow.lostReports.get());
            await(() -> fast.lostReports.get() > reportsNow + 1 && slow.lostReports.get() > reportsNow + 1,
                    "loss reports after the streams went quiet");

            long fastTotal = fast.flows.get() + fast.streamLostFlows.get();
            long slowTotal = slow.flows.get() + slow.streamLostFlows.get();
            assertThat(slow.streamLostFlows.get()).as("the slow stream lost flows, and says so").isPositive();
            assertThat(slowTotal).as("received + lost: fast %d + %d, slow %d + %d", fast.flows.get(),
                    fast.streamLostFlows.get(), slow.flows.get(), slow.streamLostFlows.get()).isEqualTo(fastTotal);
            assertThat(fastTotal).as("flows offered for %d datagrams", sent).isPositive();
            assertThat(fast.sequenceGaps.get() + slow.sequenceGaps.get()).as("no gaps in either stream").isZero();

            assertThat(fast.resources).allSatisfy(r -> {
                assertThat(r.getStreamQueueBytes()).as("stream queues within their share")
                        .isLessThanOrEqualTo(r.getStreamQueueLimitBytes());
                assertThat(r.getHeapUsedBytes()).isLessThanOrEqualTo(r.getHeapMaxBytes());
            });
            assertThat(fast.resources.getLast().getHeapMaxBytes()).as("the pod's -Xmx").isLessThanOrEqualTo(64L << 20);
            assertThat(memory.peakBytes()).as("the sensor's cgroup stayed under the pod's limit")
                    .isLessThan(POD_LIMIT_BYTES);
            assertThat(sensor.output()).doesNotContain("OutOfMemoryError").doesNotContain("flushing failed");
            assertThat(fast.error).isNull();
            assertThat(slow.error).isNull();
            System.out.printf("flood: %d datagrams; fast stream %d received + %d lost, slow %d + %d; cgroup peak %d MiB,"
                    + " RSS peak %d MiB, %d heartbeats%n", sent, fast.flows.get(), fast.streamLostFlows.get(),
                    slow.flows.get(), slow.streamLostFlows.get(), memory.peakBytes() >> 20,
                    sensor.peakResidentBytes() >> 20, fast.heartbeatNanos.size());
            fastCall.cancel("done", null);
            slowCall.cancel("done", null);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Path compileFlooder() throws Exception {
        Path binary = dir.resolve("udp_flood");
        Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), "src/bench/c/udp_flood.c")
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            Requires.unavailable("cc could not build src/bench/c/udp_flood.c: " + output);
        }
        return binary;
    }

    private static boolean quietFor(StreamTally s) {
        return System.nanoTime() - s.lastFlowNanos.get() > QUIET.toNanos();
    }

    /** The longest time without a heartbeat between {@code from} and {@code to}. */
    private static long maxGap(List<Long> times, long from, long to) {
        long previous = from;
        long gap = 0;
        for (long t : times) {
            if (t > from && t <= to) {
                gap = Math.max(gap, t - previous);
                previous = t;
            }
        }
        return Math.max(gap, to - previous);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
