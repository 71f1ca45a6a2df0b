package dev.nightjar.sensor.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.SyscallTracing;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real syscalls of a small C program, seen by the real sys_enter/sys_exit programs. */
@KernelTest
class SyscallCollectorTest {

    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);
    /** glibc's nanosleep() may enter the kernel as either. */
    private static final Set<String> SLEEPS = Set.of("nanosleep", "clock_nanosleep");
    private static final long MS = 1_000_000L;

    @TempDir
    static Path buildDir;
    private static Path child;

    private SyscallCollector syscalls;
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    static void compileTheChild() {
        KernelTestSupport.requireBpf();
        child = SyscallChild.compile(buildDir);
    }

    @BeforeEach
    void startCollector() {
        syscalls = new SyscallCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofMillis(200)));
        syscalls.start(sink);
        assertThat(syscalls.state().getRunning()).as(syscalls.state().getReason()).isTrue();
        assertThat(syscalls.feature()).isEqualTo(Feature.FEATURE_SYSCALLS);
    }

    @AfterEach
    void stop() {
        if (syscalls != null) {
            syscalls.close();
        }
    }

    private void flush() {
        assertThat(syscalls.flushNow(FLUSH_WAIT)).as("flush finished").isTrue();
    }

    private List<SyscallSpan> spans(int pid) {
        return sink.matching(e -> e.hasSyscallSpan() && e.getSyscallSpan().getPid() == pid).stream()
                .map(SensorEvent::getSyscallSpan).toList();
    }

    private List<SyscallHistogram> histograms(int pid, Predicate<String> name) {
        return sink.matching(e -> e.hasSyscallHistogram() && e.getSyscallHistogram().getPid() == pid
                && name.test(e.getSyscallHistogram().getSyscallName())).stream()
                .map(SensorEvent::getSyscallHistogram).toList();
    }

    private static long sum(List<SyscallHistogram> hs, java.util.function.ToLongFunction<SyscallHistogram> f) {
        return hs.stream().mapToLong(f).sum();
    }

    @Test
    void sleepsOfFiveMillisecondsAreSpansAndOneHistogramBucket() throws IOException {
        int sleeps = 20;
        try (SyscallChild sleeper = SyscallChild.start(child, "sleep", "5", Integer.toString(sleeps))) {
            syscalls.applyFilter(Filter.newBuilder().addPids(sleeper.pid()).build());
            // done TOTAL_NS MAX_NS: the sleeps as the child timed them around each call. A loaded
            // machine wakes it late (200 ms seen); the kernel's figures must still lie inside these.
            String[] done = sleeper.goAndAwaitDone().split(" ");
            long childTotalNs = Long.parseLong(done[1]);
            long childLongestNs = Long.parseLong(done[2]);
            flush();

            List<SyscallSpan> spans = spans(sleeper.pid()).stream()
                    .filter(s -> SLEEPS.contains(s.getSyscallName())).toList();
            assertThat(spans).hasSize(sleeps).allSatisfy(s -> {
                assertThat(s.getDurationNs()).isGreaterThanOrEqualTo(5 * MS).isLessThanOrEqualTo(childLongestNs);
                assertThat(s.getTid()).isEqualTo(sleeper.pid());
                assertThat(s.getComm()).isEqualTo("sys_child");
                assertThat(s.getErrno()).isZero();
                assertThat(s.getFd()).as("no fd argument").isEqualTo(-1);
                assertThat(s.getCgroupId()).isPositive();
                long now = System.currentTimeMillis() * MS;
                assertThat(s.getStartNs()).as("wall clock").isBetween(now - 60_000 * MS, now);
            });

            List<SyscallHistogram> hs = histograms(sleeper.pid(), SLEEPS::contains);
            assertThat(hs).isNotEmpty();
            assertThat(sum(hs, SyscallHistogram::getCount)).isEqualTo(sleeps);
            assertThat(sum(hs, SyscallHistogram::getErrors)).isZero();
            assertThat(sum(hs, SyscallHistogram::getTotalLatencyNs)).isBetween(sleeps * 5 * MS, childTotalNs);
            // Each call in the bucket of its own duration: 5 ms = 5,000,000 ns lies in [2^22, 2^23),
            // a late wake-up higher up; the spans are the same calls, so they say which bucket.
            long[] expected = new long[64];
            spans.forEach(s -> expected[63 - Long.numberOfLeadingZeros(s.getDurationNs())]++);
            long[] counted = new long[64];
            hs.forEach(h -> {
                for (int i = 0; i < h.getLog2BucketsCount(); i++) {
                    counted[i] += h.getLog2Buckets(i);
                }
            });
            assertThat(counted).isEqualTo(expected);
            assertThat(hs).allSatisfy(h -> {
                assertThat(h.getComm()).isEqualTo("sys_child");
                assertThat(h.getIntervalStartNs()).isPositive().isLessThan(h.getIntervalEndNs());
            });
        }
    }

    @Test
    void aReadBlockedOnAPipeIsASpanThatNamesThePipe() throws IOException {
        try (SyscallChild reader = SyscallChild.start(child, "pipe", "20")) {
            syscalls.applyFilter(Filter.newBuilder().addPids(reader.pid()).build());
            String[] done = reader.goAndAwaitDone().split(" "); // done FD INODE
            int fd = Integer.parseInt(done[1]);
            flush();

            List<SyscallSpan> reads = spans(reader.pid()).stream()
                    .filter(s -> s.getSyscallName().equals("read") && s.getFd() == fd).toList();
            assertThat(reads).hasSize(1);
            SyscallSpan read = reads.getFirst();
            assertThat(read.getDurationNs()).isGreaterThanOrEqualTo(15 * MS).isLessThan(1_000 * MS);
            assertThat(read.getReturnValue()).isEqualTo(1);
            assertThat(read.getFdTarget()).isEqualTo("pipe:[" + done[2] + "]");
        }
    }

    @Test
    void aRecvfromThatTimesOutNamesItsSocketsTuple() throws IOException {
        try (SyscallChild receiver = SyscallChild.start(child, "udp", "20")) {
            syscalls.applyFilter(Filter.newBuilder().addPids(receiver.pid()).build());
            String[] done = receiver.goAndAwaitDone().split(" "); // done FD PORT
            int fd = Integer.parseInt(done[1]);
            flush();

            List<SyscallSpan> recvs = spans(receiver.pid()).stream()
                    .filter(s -> s.getSyscallName().equals("recvfrom") && s.getFd() == fd).toList();
            assertThat(recvs).hasSize(1);
            SyscallSpan recv = recvs.getFirst();
            assertThat(recv.getDurationNs()).isGreaterThanOrEqualTo(15 * MS);
            assertThat(recv.getErrno()).as("EAGAIN after SO_RCVTIMEO").isEqualTo(11);
            assertThat(recv.getFdTarget()).isEqualTo("udp 127.0.0.1:" + done[2] + "->0.0.0.0:0");
        }
    }

    @Test
    void aFailingOpenatIsCountedAsAnErrorWithENOENT() throws IOException {
        int opens = 10;
        try (SyscallChild opener = SyscallChild.start(child, "missing", Integer.toString(opens))) {
            syscalls.applyFilter(Filter.newBuilder().addPids(opener.pid()).setSyscallLatencyThresholdNs(1).build());
            opener.goAndAwaitDone();
            flush();

            List<SyscallHistogram> hs = histograms(opener.pid(), "openat"::equals);
            assertThat(sum(hs, SyscallHistogram::getCount)).isEqualTo(opens);
            assertThat(sum(hs, SyscallHistogram::getErrors)).isEqualTo(opens);
            List<SyscallSpan> spans = spans(opener.pid()).stream().filter(s -> s.getSyscallName().equals("openat")).toList();
            assertThat(spans).hasSize(opens).allSatisfy(s -> {
                assertThat(s.getErrno()).isEqualTo(2);
                assertThat(s.getReturnValue()).isEqualTo(-2);
            });
        }
    }

    @Test
    void aProcessOutsideThePidFilterLeavesNoTrace() throws IOException {
        try (SyscallChild watched = SyscallChild.start(child, "sleep", "5", "5");
             SyscallChild other = SyscallChild.start(child, "busy", "2000")) {
            syscalls.applyFilter(Filter.newBuilder().addPids(watched.pid()).build());
            other.goAndAwaitDone();
            watched.goAndAwaitDone();
            flush();

            assertThat(histograms(watched.pid(), SLEEPS::contains)).isNotEmpty();
            assertThat(spans(watched.pid())).isNotEmpty();
            assertThat(sink.matching(e -> e.hasSyscallSpan() && e.getSyscallSpan().getPid() == other.pid()
                    || e.hasSyscallHistogram() && e.getSyscallHistogram().getPid() == other.pid())).isEmpty();
        }
    }

    @Test
    void anEmptyFilterTracesNothingUntilTheWholeNodeIsAskedFor() throws IOException {
        try (SyscallChild first = SyscallChild.start(child, "sleep", "5", "5")) {
            syscalls.applyFilter(Filter.getDefaultInstance());
            assertThat(syscalls.tracing()).as("programs detached while the filter is off").isFalse();
            first.goAndAwaitDone();
            flush();
            assertThat(sink.matching(e -> e.hasSyscallSpan() || e.hasSyscallHistogram()))
                    .as("an empty filter traces no syscall of any process").isEmpty();
        }
        try (SyscallChild second = SyscallChild.start(child, "sleep", "5", "5")) {
            syscalls.applyFilter(Filter.newBuilder().setSyscallsWholeNode(true).build());
            assertThat(syscalls.tracing()).isTrue();
            second.goAndAwaitDone();
            flush();
            assertThat(spans(second.pid())).filteredOn(s -> SLEEPS.contains(s.getSyscallName())).hasSize(5);
            assertThat(sum(histograms(second.pid(), SLEEPS::contains), SyscallHistogram::getCount)).isEqualTo(5);
            assertThat(sink.matching(e -> e.hasSyscallHistogram()
                    && e.getSyscallHistogram().getPid() == ProcessHandle.current().pid()))
                    .as("the sensor does not trace itself").isEmpty();
        }
        List<LossCounter> losses = syscalls.lossCounters();
        assertThat(losses).extracting(LossCounter::getStage)
                .containsExactlyInAnyOrder(LossStage.LOSS_STAGE_KERNEL_MAP_FULL, LossStage.LOSS_STAGE_KERNEL_RING_BUFFER);
        assertThat(losses).allSatisfy(l -> assertThat(l.getKind()).isEqualTo(EventKind.EVENT_KIND_SYSCALLS));
    }

    @Test
    void onlyTheChosenSyscallsAreTimed() throws IOException {
        try (SyscallChild sleeper = SyscallChild.start(child, "sleep", "5", "5")) {
            syscalls.applyFilter(Filter.newBuilder().addPids(sleeper.pid()).addAllSyscalls(SLEEPS).build());
            assertThat(syscalls.tracing()).isTrue();
            sleeper.goAndAwaitDone(); // it also writes "done" to stdout: a write nobody chose
            flush();

            List<SyscallHistogram> all = histograms(sleeper.pid(), name -> true);
            assertThat(all).isNotEmpty().allSatisfy(h -> assertThat(SLEEPS).contains(h.getSyscallName()));
            assertThat(sum(all, SyscallHistogram::getCount)).isEqualTo(5);
        }
    }

    @Test
    void thePathInUseAndWhyAreReported() {
        assertThat(info().getPath()).as("no task selected").isEqualTo("off");
        syscalls.applyFilter(Filter.newBuilder().addPids(1).addSyscalls("read").build());
        SyscallTracing chosen = info();
        assertThat(chosen.getDefaultSyscallsList()).contains("read", "write", "connect", "futex", "epoll_pwait");
        if (syscalls.fentryUnavailable().isEmpty()) {
            assertThat(chosen.getPath()).isEqualTo("fentry");
            assertThat(chosen.getFentrySyscallsList()).containsAll(chosen.getDefaultSyscallsList());
        } else {
            assertThat(chosen.getPath()).isEqualTo("tracepoint");
            assertThat(chosen.getReason()).isEqualTo(syscalls.fentryUnavailable()).contains("fentry programs");
            assertThat(chosen.getFentrySyscallsList()).isEmpty();
        }
        syscalls.applyFilter(Filter.newBuilder().addPids(1).build());
        assertThat(info().getPath()).as("every syscall: only the tracepoints see them all").isEqualTo("tracepoint");
        assertThat(info().getReason()).isNotEmpty();
    }

    private SyscallTracing info() {
        SensorInfo.Builder info = SensorInfo.newBuilder();
        syscalls.describe(info);
        return info.getSyscallTracing();
    }

    @Test
    void anUnknownSyscallIsRefusedAndTheFilterInForceStays() {
        Filter before = Filter.newBuilder().addPids(1).build();
        syscalls.applyFilter(before);
        assertThatThrownBy(() -> syscalls.applyFilter(Filter.newBuilder().addPids(1).addSyscalls("frobnicate").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown syscall 'frobnicate'");
        assertThat(syscalls.filter()).isEqualTo(before);
    }

    /** A pod's cgroup, with the process in a container cgroup below it: selecting the pod selects the process. */
    @Test
    void aSelectedCgroupCoversTheTasksInTheCgroupsBelowIt() throws Exception {
        Path root = CgroupRoot.fromMountinfo(Path.of("/proc/self/mountinfo")).orElseThrow();
        Path pod = root.resolve("njp-syscalls-" + ProcessHandle.current().pid());
        Path container = pod.resolve("container");
        Files.createDirectories(container);
        try (SyscallChild inside = SyscallChild.start(child, "sleep", "5", "3");
             SyscallChild outside = SyscallChild.start(child, "sleep", "5", "3")) {
            Files.writeString(container.resolve("cgroup.procs"), Integer.toString(inside.pid()));
            long podId = (Long) Files.getAttribute(pod, "unix:ino");
            syscalls.applyFilter(Filter.newBuilder().addCgroupIds(podId).build());
            inside.goAndAwaitDone();
            outside.goAndAwaitDone();
            flush();

            List<SyscallHistogram> traced = histograms(inside.pid(), SLEEPS::contains);
            assertThat(sum(traced, SyscallHistogram::getCount)).isEqualTo(3);
            assertThat(traced).allSatisfy(h -> assertThat(h.getCgroupId())
                    .isEqualTo((Long) Files.getAttribute(container, "unix:ino")));
            assertThat(histograms(outside.pid(), name -> true)).as("a process outside the pod").isEmpty();
        } finally {
            // the children have exited (close waits): the cgroups are empty again
            Files.deleteIfExists(container);
            Files.deleteIfExists(pod);
        }
    }

    @Test
    void theCollectorUsesThisMachinesTable() {
        String arch = System.getProperty("os.arch");
        assertThat(syscalls.syscallArch()).isEqualTo(arch.equals("amd64") ? "x86_64" : "arm64");
    }
}
