package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.sensor.security.policy.DefaultPolicies;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Privilege raises (a setuid-root binary, a saved uid taken back), and floods: of matching opens
 * and of ptrace calls, watched or not, against the rate limits and the ring.
 */
@KernelTest
class SecurityPrivilegeAndFloodTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FLOOD_OPENS = 200_000;

    @RegisterExtension
    final SecurityLab lab = new SecurityLab();

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
            SecurityPod.Run run = lab.pod().run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    binary.toString(), "-u"));
            if (noNewPrivileges()) {
                assertThat(run.output().strip()).as("no_new_privs: exec grants nothing").isEqualTo("65534");
                lab.collector().flushNow(WAIT);
                Thread.sleep(1_000);
                lab.collector().flushNow(WAIT);
                assertThat(lab.sink().matching(e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == run.pid()
                        && e.getSecurity().getKind() == SecurityEventKind.SECURITY_EVENT_KIND_PRIVILEGE_CHANGE))
                        .as("a raise that did not happen").isEmpty();
                return;
            }
            assertThat(run.output().strip()).as("the binary ran as root: is the file system mounted nosuid?")
                    .isEqualTo("0");

            SecurityEvent event = privilegeChangeOf(run.pid());
            assertThat(event.getPolicy()).isEqualTo("setuid-to-root");
            assertThat(event.getPath()).as(lab.sink().matching(e -> e.hasSecurity()
                    && e.getSecurity().getProcess().getPid() == run.pid()).toString()).isEqualTo(binary.toString());
            assertThat(event.getProcess().getUid()).isEqualTo(65534);
            assertThat(event.getProcess().getEuid()).isZero();
            assertThat(event.getArgsList()).singleElement().asString().contains("euid 65534 -> 0");
        } finally {
            Files.deleteIfExists(binary);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A process that kept root as its saved uid takes euid 0 back with setresuid(2): a privilege
     * event, under no_new_privs too. Under CI's strace this event was lost when the ring overflowed
     * (the tracer's ptrace calls, and a drain slowed by its own /proc reads).
     */
    @Test
    void takingRootBackFromTheSavedUidIsAPrivilegeChange() throws Exception {
        applyDefaultPolicy("setuid-to-root");
        try (CompiledPrograms programs = new CompiledPrograms()) {
            SecurityPod.Run run = lab.pod().run(List.of(programs.compile("regain_root").toString()));
            assertRegainedRootIsReported(run);
        }
    }

    private void assertRegainedRootIsReported(SecurityPod.Run run) throws Exception {
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("0");
        SecurityEvent event = privilegeChangeOf(run.pid());
        assertThat(event.getPolicy()).isEqualTo("setuid-to-root");
        assertThat(event.getProcess().getEuid()).isZero();
        assertThat(event.getArgsList()).anySatisfy(arg -> assertThat(arg).contains("euid 65534 -> 0"));
    }

    /**
     * A tracer's ptrace calls (a million a second from ptrace_loop; strace makes several per stop
     * of its tracee) while no policy watches ptrace: the kernel sends none of them, so the ring
     * has room for the privilege event made meanwhile and nothing is lost. When every call sent a
     * record, they overflowed the ring within milliseconds.
     */
    @Test
    void ptraceCallsNoPolicyWatchesCrowdOutNoPrivilegeEvent() throws Exception {
        applyDefaultPolicy("setuid-to-root");
        try (CompiledPrograms programs = new CompiledPrograms()) {
            Path tracer = programs.compile("ptrace_loop");
            Path regain = programs.compile("regain_root");
            Process calls = lab.pod().start(List.of(tracer.toString(), "3"));
            try {
                Thread.sleep(500); // well into its loop (it runs 3 s)
                SecurityPod.Run run = lab.pod().run(List.of(regain.toString()));
                assertThat(calls.isAlive()).as("the ptrace calls went on while root was taken back").isTrue();
                assertThat(calls.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                String made = new String(calls.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertThat(Long.parseLong(made)).as("ptrace calls made").isGreaterThan(100_000);
                assertRegainedRootIsReported(run);
            } finally {
                calls.destroyForcibly();
            }
        }
        assertThat(lab.collector().flushNow(WAIT)).isTrue();
        assertNothingLost();
    }

    /**
     * A policy that does watch ptrace: the kernel rate-limits its records per (process, call), and
     * the events plus the suppressed counts of the summaries add up to every call made.
     */
    @Test
    void watchedPtraceCallsAreRateLimitedInTheKernelAndAddUp() throws Exception {
        lab.collector().applyFilter(Filter.newBuilder()
                .addSecurityPolicies(SecurityCollectorTest.policy("ptrace-in-pod.yaml")).build());
        SecurityPod.Run run;
        long began;
        try (CompiledPrograms programs = new CompiledPrograms()) {
            Path loop = programs.compile("ptrace_loop");
            began = System.nanoTime();
            run = lab.pod().run(List.of(loop.toString(), "2"));
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(run.exitCode()).as(run.output()).isZero();
        long made = Long.parseLong(run.output().strip());

        List<SensorEvent> ours = awaitAddingUp(run.pid(), made);
        long sent = ours.stream().filter(e -> !e.getSecurity().getSummary()).count();
        assertThat(sent).as("events sent one by one in %.1f s", seconds).isPositive()
                .isLessThanOrEqualTo((long) SecurityCollector.BURST * ((long) Math.ceil(seconds) + 2));
        assertThat(ours).allSatisfy(e -> assertThat(e.getSecurity().getPolicy()).isEqualTo("ptrace-in-pod"));
        assertThat(ours).filteredOn(e -> !e.getSecurity().getSummary()).allSatisfy(e -> assertThat(e.getSecurity()
                .getKind()).isEqualTo(SecurityEventKind.SECURITY_EVENT_KIND_SENSITIVE_SYSCALL));
        assertNothingLost();
    }

    /**
     * A loop of connects from the pod to one address outside the cluster ranges (it exists only in
     * the pod's network namespace, and refuses): the kernel sends a burst of records per window for
     * the (process, address) and counts the rest; events plus the summaries' suppressed counts add
     * up to every connect made.
     */
    @Test
    void aConnectLoopToOneAddressIsRateLimitedInTheKernelAndAddsUp() throws Exception {
        lab.collector().applyFilter(Filter.newBuilder()
                .addSecurityPolicies(SecurityCollectorTest.policy("outbound-from-pod.yaml")).build());
        lab.pod().addAddress("203.0.113.7/32");
        int connects = 2_000;
        SecurityPod.Run run;
        long began;
        try (CompiledPrograms programs = new CompiledPrograms()) {
            Path loop = programs.compile("connect_to");
            began = System.nanoTime();
            run = lab.pod().run(List.of(loop.toString(), "203.0.113.7", "9", Integer.toString(connects)));
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(run.output().strip()).as("the lab's address answers, inside the pod").isEqualTo("Connection refused");

        List<SensorEvent> ours = awaitAddingUp(run.pid(), connects);
        long sent = ours.stream().filter(e -> !e.getSecurity().getSummary()).count();
        long mostSent = (long) SecurityCollector.BURST * ((long) Math.ceil(seconds) + 2);
        assertThat(sent).as("events sent one by one in %.1f s", seconds).isPositive().isLessThanOrEqualTo(mostSent);
        assertThat(ours).allSatisfy(e -> assertThat(e.getSecurity().getPolicy()).isEqualTo("outbound-from-pod"));
        assertThat(ours).filteredOn(e -> !e.getSecurity().getSummary()).allSatisfy(e -> assertThat(e.getSecurity()
                .getPath()).isEqualTo("203.0.113.7:9"));
        assertThat(lab.collector().kernelSuppressed((int) run.pid())).as("connects counted in the kernel, not sent")
                .isGreaterThanOrEqualTo(connects - mostSent);
        assertNothingLost();
    }

    /** The process's events, once they and the summaries' suppressed counts add up to {@code expected} (at most WAIT). */
    private List<SensorEvent> awaitAddingUp(long pid, long expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<SensorEvent> ours;
        long total;
        do {
            lab.collector().flushNow(WAIT);
            ours = lab.sink().matching(e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == pid);
            total = ours.stream().mapToLong(e -> e.getSecurity().getSummary() ? e.getSecurity().getSuppressedCount() : 1)
                    .sum();
        } while (total < expected && System.nanoTime() < deadline);
        assertThat(total).as("events + suppressed counts").isEqualTo(expected);
        return ours;
    }

    /** No loss at any stage (kernel ring, rate map, sensor queue) since the collector started. */
    private void assertNothingLost() {
        assertThat(lab.collector().lossCounters()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getLostTotal()).as(c.getStage().name()).isZero());
    }

    private void applyDefaultPolicy(String name) {
        String policy = DefaultPolicies.yaml().get(DefaultPolicies.NAMES.indexOf(name));
        lab.collector().applyFilter(Filter.newBuilder().addSecurityPolicies(policy).build());
    }

    private SecurityEvent privilegeChangeOf(long pid) throws Exception {
        return lab.sink().await(e -> e.hasSecurity() && e.getSecurity().getProcess().getPid() == pid
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
        lab.collector().applyFilter(Filter.newBuilder()
                .addSecurityPolicies(SecurityCollectorTest.policy("flood-policy.yaml")).build());
        long began = System.nanoTime();
        SecurityPod.Run flood;
        try (CompiledPrograms programs = new CompiledPrograms()) {
            flood = lab.pod().run(List.of(programs.compile("open_loop_bench").toString(), "/proc/sys/kernel/ostype",
                    Integer.toString(FLOOD_OPENS)));
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(flood.exitCode()).as(flood.output()).isZero();

        // Summaries come at the flush after the suppressed opens: wait until the counts add up, or fail with the sum.
        List<SensorEvent> ours = awaitAddingUp(flood.pid(), FLOOD_OPENS);
        long sent = ours.stream().filter(e -> !e.getSecurity().getSummary()).count();
        assertThat(sent).as("events sent one by one in %.1f s", seconds).isPositive()
                .isLessThanOrEqualTo((long) SecurityCollector.BURST * ((long) Math.ceil(seconds) + 2));
        assertThat(ours).allSatisfy(e -> assertThat(e.getSecurity().getPolicy()).isEqualTo("ostype-flood"));
        // Nothing else lost either, at any stage, though the machine forks and execs meanwhile (and
        // under CI's strace every /proc read of the sensor stops for the tracer).
        assertNothingLost();
        assertThat(lab.collector().processesKnown()).isLessThanOrEqualTo(ProcessTree.MAX_PROCESSES);
    }
}
