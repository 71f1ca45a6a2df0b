package dev.nightjar.desktop.syscalls;

import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the Syscalls page shows for one time window: processes (grouped by pod, container or
 * host) with their slow spans, figures per syscall from the merged histograms, and the slowest
 * spans. Built from snapshots of the store; immutable.
 *
 * @param startNs      earliest span start in the window (0 when there are no spans)
 * @param endNs        latest span end in the window
 * @param droppedSpans spans in the window not drawn because a lane or the lane count was full
 */
public record SyscallTimeline(List<ProcessGroup> groups, List<SyscallStats> stats, List<TimelineSpan> slowest,
                              long startNs, long endNs, long spanCount, long droppedSpans, List<LegendEntry> legend) {

    public static final SyscallTimeline EMPTY = new SyscallTimeline(List.of(), List.of(), List.of(), 0, 0, 0, 0, List.of());

    /** Legend entries beyond this many syscalls would wrap onto too many lines on a laptop. */
    public static final int LEGEND_ENTRIES = 14;

    /** A syscall drawn on the timeline and how many of its spans are drawn; most drawn first. */
    public record LegendEntry(String syscall, long spans) {
    }

    /**
     * What the page narrows the timeline to, beyond the time window.
     *
     * @param rows    which spans and histograms count at all (the page's text filter)
     * @param syscall only this syscall's spans on the timeline and in the slowest list (the row the
     *                user picked in the per-syscall table); null for all. The table itself keeps every syscall.
     */
    public record Narrowing(Predicate<SyscallRow> rows, String syscall) {

        public static final Narrowing NONE = new Narrowing(r -> true, null);
    }

    private record ProcessKey(String node, int pid) {
    }

    private record GroupKey(GroupKind kind, String label) {
    }

    /**
     * @param spans      SYSCALL_SPAN events, oldest first (store order), only the newest {@code limits.scanned()} are used
     * @param histograms SYSCALL_HISTOGRAM events
     * @param processes  PROCESS events; the latest per node and pid names its container
     */
    public static SyscallTimeline build(List<SensorEvent> spans, List<SensorEvent> histograms,
                                        List<SensorEvent> processes, TimeWindow window,
                                        PodOfContainer pods, TimelineLimits limits) {
        return build(spans, histograms, processes, window, pods, limits, Narrowing.NONE);
    }

    /** As above, narrowed by the page's filter and chosen syscall. */
    public static SyscallTimeline build(List<SensorEvent> spans, List<SensorEvent> histograms,
                                        List<SensorEvent> processes, TimeWindow window,
                                        PodOfContainer pods, TimelineLimits limits, Narrowing narrowing) {
        Map<ProcessKey, ProcessInfo> infoByProcess = new HashMap<>();
        for (SensorEvent e : processes) {
            if (e.hasProcess()) {
                infoByProcess.put(new ProcessKey(e.getNode(), e.getProcess().getPid()), e.getProcess());
            }
        }

        Map<ProcessKey, ArrayDeque<TimelineSpan>> byProcess = new LinkedHashMap<>();
        Map<ProcessKey, Long> droppedByProcess = new HashMap<>();
        Map<String, Long> spansPerSyscall = new HashMap<>();
        Map<String, LatencyHistogram> spanLatencies = new HashMap<>();
        Map<String, Long> spanErrors = new HashMap<>();
        Map<String, Long> spanTotals = new HashMap<>();
        Map<String, Map<String, Long>> errnosBySyscall = new HashMap<>();
        Map<ProcessKey, GroupKey> groupByProcess = new HashMap<>();
        Map<String, Long> drawnPerSyscall = new HashMap<>();
        PriorityQueue<TimelineSpan> slowest = new PriorityQueue<>(Comparator.comparingLong(TimelineSpan::durationNs));
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long count = 0;
        // The input is oldest first (store order): past the scan limit, the oldest go, counted.
        int skipped = Math.max(0, spans.size() - limits.scanned());
        List<SensorEvent> ordered = new ArrayList<>(spans.subList(skipped, spans.size()));
        ordered.sort(Comparator.comparingLong(e -> e.getSyscallSpan().getStartNs()));
        for (SensorEvent e : ordered) {
            if (!e.hasSyscallSpan()) {
                continue;
            }
            TimelineSpan span = spanOf(e.getNode(), e.getSyscallSpan());
            if (!overlaps(window, span.startNs(), span.endNs())) {
                continue;
            }
            ProcessKey process = new ProcessKey(span.node(), span.pid());
            GroupKey group = groupByProcess.computeIfAbsent(process,
                    k -> groupOf(k.node(), infoByProcess.get(k), pods));
            if (!narrowing.rows().test(SyscallRow.of(span, group.label()))) {
                continue;
            }
            // Every span the filter lets through counts in the per-syscall table ...
            spansPerSyscall.merge(span.syscall(), 1L, Long::sum);
            spanTotals.merge(span.syscall(), span.durationNs(), Long::sum);
            spanLatencies.computeIfAbsent(span.syscall(), s -> new LatencyHistogram()).addLatency(span.durationNs());
            if (span.failed()) {
                spanErrors.merge(span.syscall(), 1L, Long::sum);
                errnosBySyscall.computeIfAbsent(span.syscall(), s -> new HashMap<>())
                        .merge(span.errnoName(), 1L, Long::sum);
            }
            // ... the timeline and the slowest list show the chosen syscall only.
            if (narrowing.syscall() != null && !narrowing.syscall().equals(span.syscall())) {
                continue;
            }
            count++;
            start = Math.min(start, span.startNs());
            end = Math.max(end, span.endNs());
            ProcessKey key = new ProcessKey(span.node(), span.pid());
            ArrayDeque<TimelineSpan> lane = byProcess.computeIfAbsent(key, k -> new ArrayDeque<>());
            lane.addLast(span);
            if (lane.size() > limits.spansPerLane()) {
                lane.removeFirst();
                droppedByProcess.merge(key, 1L, Long::sum);
            }
            slowest.add(span);
            if (slowest.size() > limits.slowest()) {
                slowest.poll();
            }
        }

        // The busiest processes get lanes; the others are counted, never silently lost.
        List<ProcessKey> shown = byProcess.keySet().stream()
                .sorted(Comparator.comparingInt((ProcessKey k) -> -byProcess.get(k).size())
                        .thenComparing(ProcessKey::node).thenComparingInt(ProcessKey::pid))
                .limit(limits.lanes()).toList();
        long dropped = skipped + droppedByProcess.values().stream().mapToLong(Long::longValue).sum();
        java.util.Set<ProcessKey> shownSet = new java.util.HashSet<>(shown);
        for (ProcessKey key : byProcess.keySet()) {
            if (!shownSet.contains(key)) {
                dropped += byProcess.get(key).size();
            }
        }

        Map<GroupKey, List<ProcessLane>> grouped = new TreeMap<>(
                Comparator.comparing(GroupKey::kind).thenComparing(GroupKey::label));
        for (ProcessKey key : shown) {
            ArrayDeque<TimelineSpan> lane = byProcess.get(key);
            ProcessInfo info = infoByProcess.get(key);
            String comm = info != null && !info.getComm().isEmpty() ? info.getComm() : lane.peekFirst().comm();
            grouped.computeIfAbsent(groupByProcess.get(key), g -> new ArrayList<>())
                    .add(new ProcessLane(key.node(), key.pid(), comm, List.copyOf(lane), droppedByProcess.getOrDefault(key, 0L)));
            lane.forEach(s -> drawnPerSyscall.merge(s.syscall(), 1L, Long::sum));
        }
        List<ProcessGroup> groups = new ArrayList<>();
        grouped.forEach((g, lanes) -> {
            lanes.sort(Comparator.comparing(ProcessLane::comm).thenComparingInt(ProcessLane::pid));
            groups.add(new ProcessGroup(g.kind(), g.label(), List.copyOf(lanes)));
        });

        List<TimelineSpan> slowestFirst = new ArrayList<>(slowest);
        slowestFirst.sort(Comparator.comparingLong(TimelineSpan::durationNs).reversed());
        List<LegendEntry> legend = drawnPerSyscall.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new LegendEntry(e.getKey(), e.getValue())).toList();
        return new SyscallTimeline(List.copyOf(groups),
                stats(histograms, window, spansPerSyscall, spanLatencies, spanErrors, spanTotals, errnosBySyscall,
                        infoByProcess, pods, narrowing),
                List.copyOf(slowestFirst), count == 0 ? 0 : start, count == 0 ? 0 : end, count, dropped, legend);
    }

    private static List<SyscallStats> stats(List<SensorEvent> histograms, TimeWindow window,
                                            Map<String, Long> spansPerSyscall, Map<String, LatencyHistogram> spanLatencies,
                                            Map<String, Long> spanErrors, Map<String, Long> spanTotals,
                                            Map<String, Map<String, Long>> errnos, Map<ProcessKey, ProcessInfo> infoByProcess,
                                            PodOfContainer pods, Narrowing narrowing) {
        Map<String, LatencyHistogram> merged = new HashMap<>();
        Map<String, long[]> countErrorsTotal = new HashMap<>();
        for (SensorEvent e : histograms) {
            if (!e.hasSyscallHistogram()) {
                continue;
            }
            SyscallHistogram h = e.getSyscallHistogram();
            if (!overlaps(window, h.getIntervalStartNs(), h.getIntervalEndNs())) {
                continue;
            }
            ProcessKey process = new ProcessKey(e.getNode(), h.getPid());
            String group = groupOf(e.getNode(), infoByProcess.get(process), pods).label();
            if (!narrowing.rows().test(SyscallRow.of(e.getNode(), h, group))) {
                continue;
            }
            merged.computeIfAbsent(h.getSyscallName(), s -> new LatencyHistogram()).add(h.getLog2BucketsList());
            long[] sums = countErrorsTotal.computeIfAbsent(h.getSyscallName(), s -> new long[3]);
            sums[0] += h.getCount();
            sums[1] += h.getErrors();
            sums[2] += h.getTotalLatencyNs();
        }
        List<SyscallStats> out = new ArrayList<>();
        merged.forEach((name, hist) -> {
            long[] sums = countErrorsTotal.get(name);
            out.add(new SyscallStats(name, sums[0], sums[1], sums[2], hist.percentile(0.50), hist.percentile(0.90),
                    hist.percentile(0.99), hist.buckets(), spansPerSyscall.getOrDefault(name, 0L), false,
                    errnos.getOrDefault(name, Map.of())));
        });
        // A syscall seen only as spans (no histogram in the window) still gets a row, marked as such.
        spanLatencies.forEach((name, hist) -> {
            if (!merged.containsKey(name)) {
                out.add(new SyscallStats(name, hist.total(), spanErrors.getOrDefault(name, 0L), spanTotals.get(name),
                        hist.percentile(0.50), hist.percentile(0.90), hist.percentile(0.99), hist.buckets(),
                        spansPerSyscall.getOrDefault(name, 0L), true, errnos.getOrDefault(name, Map.of())));
            }
        });
        out.sort(Comparator.comparingLong(SyscallStats::totalNs).reversed().thenComparing(SyscallStats::syscall));
        return List.copyOf(out);
    }

    private static GroupKey groupOf(String node, ProcessInfo info, PodOfContainer pods) {
        String container = info == null ? "" : info.getContainerId();
        if (container.isEmpty()) {
            return new GroupKey(GroupKind.HOST, "host · " + node);
        }
        return pods.podOf(container)
                .map(pod -> new GroupKey(GroupKind.POD, pod))
                .orElseGet(() -> new GroupKey(GroupKind.CONTAINER,
                        "container " + container.substring(0, Math.min(12, container.length()))));
    }

    private static TimelineSpan spanOf(String node, SyscallSpan s) {
        String name = s.getSyscallName().isEmpty() ? "syscall " + s.getSyscallNr() : s.getSyscallName();
        return new TimelineSpan(node, s.getPid(), s.getTid(), s.getComm(), name, s.getStartNs(), s.getDurationNs(),
                s.getReturnValue(), s.getErrno(), s.getFd(), s.getFdTarget());
    }

    private static boolean overlaps(TimeWindow window, long from, long to) {
        return to >= window.fromNs() && from <= window.toNs();
    }

    /** Every lane, in drawing order (groups in order, lanes in order within each). */
    public List<ProcessLane> lanes() {
        return groups.stream().flatMap(g -> g.lanes().stream()).toList();
    }
}
