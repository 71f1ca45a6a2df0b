package dev.nightjar.desktop.syscalls;

import static dev.nightjar.desktop.syscalls.SyscallEvents.histogram;
import static dev.nightjar.desktop.syscalls.SyscallEvents.process;
import static dev.nightjar.desktop.syscalls.SyscallEvents.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyscallTimelineTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_764_000_000_000_000_000L;
    private static final PodOfContainer PODS = id -> Optional.ofNullable(
            Map.of("aaa111", "shop/frontend-1", "bbb222", "shop/cart-0").get(id));

    private final List<SensorEvent> processes = List.of(
            process("worker-1", 100, "nginx", "aaa111"),
            process("worker-1", 101, "nginx", "aaa111"),
            process("worker-1", 200, "java", "bbb222"),
            process("worker-1", 300, "kubelet", ""),
            process("worker-1", 400, "sidecar", "ccc333ddd444eee555"));

    private static SyscallTimeline build(List<SensorEvent> spans, List<SensorEvent> histograms,
                                         List<SensorEvent> processes, TimeWindow window, TimelineLimits limits) {
        return SyscallTimeline.build(spans, histograms, processes, window, PODS, limits);
    }

    @Test
    void lanesArePerProcessGroupedByPodThenContainerThenHost() {
        List<SensorEvent> spans = List.of(
                span("worker-1", 100, "nginx", "read", T0, 2 * MS, 0, "socket:[1]"),
                span("worker-1", 101, "nginx", "write", T0 + MS, 3 * MS, 0, ""),
                span("worker-1", 200, "java", "futex", T0 + 2 * MS, 10 * MS, 0, ""),
                span("worker-1", 300, "kubelet", "openat", T0 + 3 * MS, MS, 2, "/etc/missing"),
                span("worker-1", 400, "sidecar", "epoll_wait", T0, 7 * MS, 0, ""),
                span("worker-1", 100, "nginx", "read", T0 + 20 * MS, 2 * MS, 0, "socket:[1]"));

        SyscallTimeline t = build(spans, List.of(), processes, TimeWindow.ALL, TimelineLimits.DEFAULT);

        assertThat(t.groups()).extracting(ProcessGroup::kind, ProcessGroup::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple(GroupKind.POD, "shop/cart-0"),
                org.assertj.core.groups.Tuple.tuple(GroupKind.POD, "shop/frontend-1"),
                org.assertj.core.groups.Tuple.tuple(GroupKind.CONTAINER, "container ccc333ddd444"),
                org.assertj.core.groups.Tuple.tuple(GroupKind.HOST, "host · worker-1"));
        ProcessGroup frontend = t.groups().get(1);
        assertThat(frontend.lanes()).extracting(ProcessLane::pid).containsExactly(100, 101);
        assertThat(frontend.lanes().getFirst().spans()).extracting(TimelineSpan::startNs)
                .containsExactly(T0, T0 + 20 * MS);
        assertThat(t.groups().get(3).lanes().getFirst().spans().getFirst().errnoName()).isEqualTo("ENOENT");
        assertThat(t.startNs()).isEqualTo(T0);
        assertThat(t.endNs()).isEqualTo(T0 + 22 * MS);
        assertThat(t.spanCount()).isEqualTo(6);
        assertThat(t.droppedSpans()).isZero();
    }

    @Test
    void aProcessWithoutAPodNameIsGroupedByItsContainerId() {
        SyscallTimeline t = SyscallTimeline.build(
                List.of(span("worker-1", 100, "nginx", "read", T0, MS, 0, "")), List.of(), processes,
                TimeWindow.ALL, PodOfContainer.UNKNOWN, TimelineLimits.DEFAULT);
        assertThat(t.groups()).extracting(ProcessGroup::label).containsExactly("container aaa111");
    }

    @Test
    void statsMergeHistogramsOverProcessesAndIntervalsAndCountErrors() {
        List<SensorEvent> histograms = List.of(
                histogram("worker-1", 100, "openat", 20, 600, 5, 600 * (3L << 19), T0, T0 + 1000 * MS),
                histogram("worker-1", 101, "openat", 20, 400, 2, 400 * (3L << 19), T0 + 1000 * MS, T0 + 2000 * MS),
                histogram("worker-1", 200, "read", 12, 50, 0, 50 * 6000, T0, T0 + 1000 * MS));
        List<SensorEvent> spans = List.of(span("worker-1", 100, "nginx", "openat", T0 + 5 * MS, 2 * MS, 2, "/x"));

        SyscallTimeline t = build(spans, histograms, processes, TimeWindow.ALL, TimelineLimits.DEFAULT);

        SyscallStats openat = t.stats().stream().filter(s -> s.syscall().equals("openat")).findFirst().orElseThrow();
        assertThat(openat.count()).isEqualTo(1000);
        assertThat(openat.errors()).isEqualTo(7);
        assertThat(openat.meanNs()).isEqualTo(3L << 19);
        assertThat(openat.p50Ns()).isBetween(1L << 20, (1L << 21) - 1);
        assertThat(openat.p99Ns()).isBetween(1L << 20, (1L << 21) - 1);
        assertThat(openat.buckets()[20]).isEqualTo(1000);
        assertThat(openat.slowSpans()).isEqualTo(1);
        assertThat(openat.fromSpansOnly()).isFalse();
        SyscallStats read = t.stats().stream().filter(s -> s.syscall().equals("read")).findFirst().orElseThrow();
        assertThat(read.count()).isEqualTo(50);
        assertThat(read.errors()).isZero();
        assertThat(read.p90Ns()).isBetween(1L << 12, (1L << 13) - 1);
    }

    @Test
    void aSyscallSeenOnlyAsSpansStillGetsARowMarkedAsSuch() {
        List<SensorEvent> spans = List.of(
                span("worker-1", 300, "kubelet", "nanosleep", T0, 5 * MS, 0, ""),
                span("worker-1", 300, "kubelet", "nanosleep", T0 + 10 * MS, 5 * MS, 4, ""));
        SyscallTimeline t = build(spans, List.of(), processes, TimeWindow.ALL, TimelineLimits.DEFAULT);
        assertThat(t.stats()).singleElement().satisfies(s -> {
            assertThat(s.syscall()).isEqualTo("nanosleep");
            assertThat(s.count()).isEqualTo(2);
            assertThat(s.errors()).isEqualTo(1);
            assertThat(s.totalNs()).isEqualTo(10 * MS);
            assertThat(s.fromSpansOnly()).isTrue();
            assertThat(s.p50Ns()).isBetween(1L << 22, (1L << 23) - 1);
        });
    }

    @Test
    void theWindowKeepsOnlySpansAndIntervalsThatOverlapIt() {
        List<SensorEvent> spans = List.of(
                span("worker-1", 100, "nginx", "read", T0, MS, 0, ""),                // before
                span("worker-1", 100, "nginx", "write", T0 + 9 * MS, 2 * MS, 0, ""),  // straddles the start
                span("worker-1", 100, "nginx", "futex", T0 + 15 * MS, MS, 0, ""),     // inside
                span("worker-1", 100, "nginx", "openat", T0 + 30 * MS, MS, 0, ""));   // after
        List<SensorEvent> histograms = List.of(
                histogram("worker-1", 100, "read", 10, 10, 0, 10_000, T0, T0 + 5 * MS),
                histogram("worker-1", 100, "futex", 10, 20, 0, 20_000, T0 + 5 * MS, T0 + 25 * MS));
        TimeWindow window = new TimeWindow(T0 + 10 * MS, T0 + 20 * MS);

        SyscallTimeline t = build(spans, histograms, processes, window, TimelineLimits.DEFAULT);

        assertThat(t.lanes()).singleElement().satisfies(l ->
                assertThat(l.spans()).extracting(TimelineSpan::syscall).containsExactly("write", "futex"));
        assertThat(t.stats()).extracting(SyscallStats::syscall).containsExactlyInAnyOrder("futex", "write");
        assertThat(t.slowest()).extracting(TimelineSpan::syscall).containsExactly("write", "futex");
    }

    @Test
    void lanesSlowestAndLaneCountAreBoundedAndWhatIsLeftOutIsCounted() {
        List<SensorEvent> spans = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            spans.add(span("worker-1", 100, "nginx", "read", T0 + i * MS, (i + 1) * 1000L, 0, ""));
        }
        spans.add(span("worker-1", 300, "kubelet", "openat", T0, 10, 0, ""));
        SyscallTimeline t = build(spans, List.of(), processes, TimeWindow.ALL, new TimelineLimits(10, 1, 3, 1000));

        assertThat(t.lanes()).singleElement().satisfies(l -> {
            assertThat(l.pid()).as("the busiest process gets the lane").isEqualTo(100);
            assertThat(l.spans()).hasSize(10);
            assertThat(l.spans().getFirst().startNs()).as("newest kept").isEqualTo(T0 + 40 * MS);
            assertThat(l.droppedSpans()).isEqualTo(40);
        });
        assertThat(t.droppedSpans()).as("40 off the lane + 1 without a lane").isEqualTo(41);
        assertThat(t.spanCount()).isEqualTo(51);
        assertThat(t.slowest()).extracting(TimelineSpan::durationNs).containsExactly(50_000L, 49_000L, 48_000L);
    }

    @Test
    void onlyTheNewestSpansAreScannedAndTheOlderOnesAreCounted() {
        List<SensorEvent> spans = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            spans.add(span("worker-1", 100, "nginx", "read", T0 + i * MS, 1000L, 0, ""));
        }
        SyscallTimeline t = build(spans, List.of(), processes, TimeWindow.ALL, new TimelineLimits(100, 10, 5, 20));
        assertThat(t.lanes()).singleElement().satisfies(l -> {
            assertThat(l.spans()).hasSize(20);
            assertThat(l.spans().getFirst().startNs()).isEqualTo(T0 + 10 * MS);
        });
        assertThat(t.droppedSpans()).isEqualTo(10);
    }
}
