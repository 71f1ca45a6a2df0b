package dev.nightjar.sensor.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.RecordingSink;
import dev.nightjar.testing.KernelTest;
import java.io.IOException;
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
            sleeper.goAndAwaitDone();
            flush();

            List<SyscallSpan> spans = spans(sleeper.pid()).stream()
                    .filter(s -> SLEEPS.contains(s.getSyscallName())).toList();
            assertThat(spans).hasSize(sleeps).allSatisfy(s -> {
                assertThat(s.getDurationNs()).isGreaterThanOrEqualTo(5 * MS).isLessThan(50 * MS);
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
            assertThat(sum(hs, SyscallHistogram::getTotalLatencyNs)).isBetween(sleeps * 5 * MS, sleeps * 50 * MS);
            // 5 ms = 5,000,000 ns lies in [2^22, 2^23); a late wake-up may land one or two buckets up.
            long inRange = hs.stream().mapToLong(h -> {
                long n = 0;
                for (int i = 22; i <= 24 && i < h.getLog2BucketsCount(); i++) {
                    n += h.getLog2Buckets(i);
                }
                return n;
            }).sum();
            assertThat(inRange).isEqualTo(sleeps);
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
    void theCollectorUsesThisMachinesTable() {
        String arch = System.getProperty("os.arch");
        assertThat(syscalls.syscallArch()).isEqualTo(arch.equals("amd64") ? "x86_64" : "arm64");
    }
}
