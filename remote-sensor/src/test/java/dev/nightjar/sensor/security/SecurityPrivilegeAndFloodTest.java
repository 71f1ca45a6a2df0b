package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.sensor.security.policy.DefaultPolicies;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A setuid-root binary raising a process to root, and a flood of matching opens against the rate limit. */
@KernelTest
class SecurityPrivilegeAndFloodTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FLOOD_OPENS = 200_000;

    private SecurityCollector collector;
    private RecordingSink sink;
    private SecurityPod pod;

    @BeforeEach
    void start() {
        KernelTestSupport.requireBpf();
        pod = SecurityPod.create();
        sink = new RecordingSink();
        collector = new SecurityCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofMillis(200)));
        collector.start(sink);
        assertThat(collector.state().getRunning()).as(collector.state().getReason()).isTrue();
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
        if (pod != null) {
            pod.close();
        }
    }

    /**
     * A setuid-root binary run by nobody raises to root on exec: a privilege event naming the
     * binary. Under no_new_privs (as in CI, whose strace --seccomp-bpf sets it for the whole build)
     * exec grants nothing: the binary then runs as nobody and the sensor must report no raise.
     */
    @Test
    void aSetuidRootBinaryRunByNobodyIsAPrivilegeChangeOnlyWhenItReallyRaises() throws Exception {
        Requires.toolsFrom("util-linux", "setpriv");
        applyDefaultPolicy("setuid-to-root");
        Path dir = Files.createTempDirectory("njsec-suid");
        Path binary = dir.resolve("id-suid");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(Path.of("/usr/bin/id"), binary, StandardCopyOption.REPLACE_EXISTING);
            Commands.run(List.of("chmod", "4755", binary.toString())); // Java's permissions have no setuid bit
            SecurityPod.Run run = pod.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    binary.toString(), "-u"));
            if (noNewPrivileges()) {
                assertThat(run.output().strip()).as("no_new_privs: exec grants nothing").isEqualTo("65534");
                collector.flushNow(WAIT);
                Thread.sleep(1_000);
                collector.flushNow(WAIT);
                assertThat(sink.matching(e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == run.pid()
                        && e.getSecurity().getKind() == SecurityEventKind.SECURITY_EVENT_KIND_PRIVILEGE_CHANGE))
                        .as("a raise that did not happen").isEmpty();
                return;
            }
            assertThat(run.output().strip()).as("the binary ran as root: is the file system mounted nosuid?")
                    .isEqualTo("0");

            SecurityEvent event = privilegeChangeOf(run.pid());
            assertThat(event.getPolicy()).isEqualTo("setuid-to-root");
            assertThat(event.getPath()).as(sink.matching(e -> e.hasSecurity()
                    && e.getSecurity().getProcess().getPid() == run.pid()).toString()).isEqualTo(binary.toString());
            assertThat(event.getProcess().getUid()).isEqualTo(65534);
            assertThat(event.getProcess().getEuid()).isZero();
            assertThat(event.getArgsList()).singleElement().asString().contains("euid 65534 -> 0");
        } finally {
            Files.deleteIfExists(binary);
            Files.deleteIfExists(dir);
        }
    }

    private void applyDefaultPolicy(String name) {
        String policy = DefaultPolicies.yaml().get(DefaultPolicies.NAMES.indexOf(name));
        collector.applyFilter(Filter.newBuilder().addSecurityPolicies(policy).build());
    }

    private SecurityEvent privilegeChangeOf(long pid) throws Exception {
        return sink.await(e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == pid
                && e.getSecurity().getKind() == SecurityEventKind.SECURITY_EVENT_KIND_PRIVILEGE_CHANGE, WAIT,
                "the privilege change").getSecurity();
    }

    /** Whether this process (and so every child) runs with no_new_privs set. */
    private static boolean noNewPrivileges() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.replaceAll("\\s+", " ").equals("NoNewPrivs: 1"));
    }

    @Test
    void aFloodOfMatchingOpensIsRateLimitedAndTheSuppressedCountsAddUp() throws Exception {
        Requires.toolsFrom("gcc", "cc");
        Path dir = Files.createTempDirectory("njsec-flood");
        Path loop = dir.resolve("open_loop");
        Commands.run(List.of("cc", "-O2", "-o", loop.toString(), "src/test/c/open_loop_bench.c"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        collector.applyFilter(Filter.newBuilder().addSecurityPolicies(SecurityCollectorTest.policy("flood-policy.yaml"))
                .build());
        long began = System.nanoTime();
        SecurityPod.Run flood = pod.run(List.of(loop.toString(), "/proc/sys/kernel/ostype", Integer.toString(FLOOD_OPENS)));
        Files.delete(loop);
        Files.delete(dir);
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(flood.exitCode()).as(flood.output()).isZero();

        // Summaries come at the flush after the suppressed opens: wait until the counts add up, or fail with the sum.
        long deadline = System.nanoTime() + WAIT.toNanos();
        long total;
        List<SensorEvent> ours;
        do {
            collector.flushNow(WAIT);
            ours = sink.matching(e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == flood.pid());
            total = ours.stream().mapToLong(e -> e.getSecurity().getSummary() ? e.getSecurity().getSuppressedCount() : 1)
                    .sum();
        } while (total < FLOOD_OPENS && System.nanoTime() < deadline);

        long sent = ours.stream().filter(e -> !e.getSecurity().getSummary()).count();
        assertThat(total).as("events + suppressed counts").isEqualTo(FLOOD_OPENS);
        assertThat(sent).as("events sent one by one in %.1f s", seconds).isPositive()
                .isLessThanOrEqualTo((long) SecurityCollector.BURST * ((long) Math.ceil(seconds) + 2));
        assertThat(ours).allSatisfy(e -> assertThat(e.getSecurity().getPolicy()).isEqualTo("ostype-flood"));
        // Not asserted: that no other event was lost. Under CI's strace every /proc read of the drain
        // thread stops for the tracer, and the build's own process churn can then overflow the ring
        // (counted there); the flood's own count above is exact either way.
        assertThat(collector.processesKnown()).isLessThanOrEqualTo(ProcessTree.MAX_PROCESSES);
    }
}
