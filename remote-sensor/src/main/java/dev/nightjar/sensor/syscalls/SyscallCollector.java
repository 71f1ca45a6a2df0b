package dev.nightjar.sensor.syscalls;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.SyscallTracing;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.collect.KernelFilter;
import dev.nightjar.sensor.libbpf.BpfException;
import dev.nightjar.sensor.libbpf.BpfLoadException;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.RingBuffer;
import dev.nightjar.sensor.proc.CgroupTree;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Syscall latency (bpf/syscalls.bpf.c). Every flush interval the per-(pid, syscall)
 * histograms are taken out of the kernel and published as {@code SyscallHistogram}s;
 * calls at or above the filter's latency threshold arrive one by one through a ring
 * buffer, which a small poller reads every {@link #SPAN_POLL_MILLIS} ms so an fd can
 * still be resolved through /proc while the process holds it.
 *
 * <p>Two kernel paths ({@link SyscallAttachments}):
 * <ul>
 * <li><b>fentry</b>: fentry/fexit on the chosen syscalls' kernel functions, used when
 *     the kernel loads and attaches fentry programs and every chosen syscall has a program (the
 *     object's set, {@link #defaultSyscalls()}). Other syscalls, and every syscall of
 *     a task not selected but not chosen, run untouched.</li>
 * <li><b>tracepoint</b>: raw_syscalls sys_enter/sys_exit, for every syscall or one
 *     without an fentry program, or on a kernel that refuses fentry programs. While attached,
 *     every syscall of every task takes the kernel's slower traced path.</li>
 * </ul>
 * Off (nothing attached) unless the filter names cgroups or pids, or sets
 * {@code syscalls_whole_node}. The path in use is in GetInfo ({@link #describe}).
 */
public final class SyscallCollector extends KernelCollector {

    public static final String OBJECT = "syscalls";
    public static final long DEFAULT_THRESHOLD_NS = 1_000_000;
    static final String CONFIG_MAP = "nj_sys_cfg";
    static final String CHOSEN_MAP = "nj_sys_chosen";
    static final String ERRORS_MAP = "nj_sys_errors";
    static final String HISTOGRAMS = "nj_sys_hist";
    static final String SPANS = "nj_sys_spans";
    static final long SPAN_POLL_MILLIS = 10;
    /** Syscall numbers the chosen-set map covers (NJ_SYS_MAX_NR). */
    static final int MAX_NR = 1024;
    private static final int INFLIGHT_UNAVAILABLE = 0;
    /** Spans read per poll at most; the rest wait in the ring for the next poll. */
    private static final int SPANS_PER_POLL = 4096;
    private static final String REQUIREMENT = "raw_syscalls:sys_enter/sys_exit as BTF tracepoints (kernel 5.5 or newer, with BTF)";

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final SyscallNames names = SyscallNames.forThisMachine();
    private final FdTargets fdTargets;
    private final CgroupTree cgroups;
    private final AtomicLong spansPublished = new AtomicLong();
    private BpfObject object;
    private SyscallAttachments attachments;
    /** The syscalls the object has fentry programs for: the default set, and the fentry path's reach. */
    private volatile List<String> fentrySyscalls = List.of();
    /** Why the fentry path cannot be used on this kernel; "" when it can. */
    private volatile String fentryUnavailable = "not started";
    private volatile SyscallTracing tracing = SyscallTracing.newBuilder().setPath("off").build();
    private RingBuffer spans;
    private Set<String> chosenInMap; // what nj_sys_chosen holds; null before the first write
    /** The base class hands the sink to flush() only: spans wait in the ring until the first flush. */
    private volatile EventSink spanSink;
    private volatile long intervalStartWall;

    public SyscallCollector(KernelCollectorsConfig config) {
        this(config, LibBpf::system);
    }

    SyscallCollector(KernelCollectorsConfig config, Supplier<LibBpf> libraries) {
        super(Feature.FEATURE_SYSCALLS, config.flushInterval());
        this.config = config;
        this.libraries = libraries;
        this.fdTargets = new FdTargets(config.procRoot());
        this.cgroups = new CgroupTree(config.cgroupRoot()
                .or(() -> CgroupRoot.fromMountinfo(config.procRoot().resolve("self/mountinfo")))
                .orElse(config.sysRoot().resolve("fs/cgroup")));
    }

    @Override
    protected String open() {
        object = loadPreferringFentry(libraries.get());
        attachments = new SyscallAttachments(object);
        spans = object.ringBuffer(SPANS);
        intervalStartWall = KernelClock.calibrate().nowWallNanos();
        // Proves the programs attach here; pushFilter detaches them again while the filter is off.
        attachments.useTracepoints();
        if (fentryUnavailable.isEmpty()) {
            try {
                attachments.useFentry(Set.of(fentrySyscalls.getFirst()));
            } catch (BpfException e) {
                // Only the error is known here, not why (trampolines, ftrace or a policy).
                fentryUnavailable = "the kernel loaded the fentry programs but refused to attach one ("
                        + e.errorText() + ")";
            }
        }
        attachments.detachAll();
        startPoller("nightjar-syscalls-spans", this::drainSpans, SPAN_POLL_MILLIS);
        // Not a degraded feature: every syscall is still timed. Which path, and why, is in
        // SensorInfo.syscall_tracing (describe).
        return "";
    }

    /**
     * Loads the object with its fentry programs; if the kernel refuses them, loads it again
     * without, and records the kernel's error. The error alone does not say why: kernels
     * without BPF trampolines refuse them, and so does a kernel that forbids tracing programs
     * to root (EPERM before the verifier runs, with the ftrace function files closed to root).
     */
    private BpfObject loadPreferringFentry(LibBpf lib) {
        BpfObject withFentry = BpfObject.openEmbedded(lib, OBJECT);
        List<String> programs = withFentry.programNames();
        fentrySyscalls = SyscallAttachments.fentrySyscalls(programs).stream()
                .filter(n -> names.number(n).isPresent()).toList();
        try {
            withFentry.load();
            fentryUnavailable = fentrySyscalls.isEmpty() ? "this sensor build has no fentry programs" : "";
            return withFentry;
        } catch (BpfLoadException refused) {
            withFentry.close();
            fentryUnavailable = "the kernel refused to load the fentry programs (" + refused.errorText() + ")";
        }
        BpfObject tracepointsOnly = BpfObject.openEmbedded(lib, OBJECT);
        try {
            for (String program : SyscallAttachments.fentryPrograms(programs)) {
                tracepointsOnly.program(program).setAutoload(false);
            }
            tracepointsOnly.load();
            return tracepointsOnly;
        } catch (RuntimeException e) {
            tracepointsOnly.close();
            throw e;
        }
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("syscalls", "sys_enter", REQUIREMENT, failure);
    }

    /** Unknown syscall names are refused before anything changes. */
    @Override
    protected void validate(Filter filter) {
        for (String name : filter.getSyscallsList()) {
            OptionalInt nr = names.number(name);
            if (nr.isEmpty() || nr.getAsInt() >= MAX_NR) {
                throw new IllegalArgumentException("unknown syscall '" + name + "' on " + names.arch()
                        + " (names as in the architecture's syscall table, e.g. read, connect, futex)");
            }
        }
    }

    /**
     * The common filter maps, then this object's switch and path: on only for a filter
     * that names cgroups or pids, or asks for the whole node; fentry when every chosen
     * syscall has a program and the kernel takes them, else the tracepoints.
     */
    @Override
    protected void pushFilter(Filter filter) {
        KernelFilter.apply(object, filter);
        boolean enabled = filter.getCgroupIdsCount() > 0 || filter.getPidsCount() > 0 || filter.getSyscallsWholeNode();
        Set<String> chosen = new LinkedHashSet<>(filter.getSyscallsList());
        String whyNotFentry = whyNotFentry(chosen);
        boolean fentry = enabled && whyNotFentry.isEmpty();
        if (enabled && !fentry) {
            writeChosen(chosen);
        }
        writeConfig(filter, enabled, !fentry && !chosen.isEmpty());
        if (!enabled) {
            attachments.detachAll();
        } else if (fentry) {
            attachments.useFentry(chosen);
        } else {
            attachments.useTracepoints();
        }
        tracing = SyscallTracing.newBuilder().setPath(attachments.path().wireName)
                .setReason(enabled ? whyNotFentry : "")
                .addAllDefaultSyscalls(fentrySyscalls)
                .addAllFentrySyscalls(fentryUnavailable.isEmpty() ? fentrySyscalls : List.of())
                .build();
    }

    private String whyNotFentry(Set<String> chosen) {
        if (!fentryUnavailable.isEmpty()) {
            return fentryUnavailable;
        }
        if (chosen.isEmpty()) {
            return "every syscall was asked for: only the tracepoints see them all";
        }
        List<String> missing = chosen.stream().filter(n -> !fentrySyscalls.contains(n)).toList();
        return missing.isEmpty() ? "" : "no fentry program for " + String.join(", ", missing);
    }

    private void writeChosen(Set<String> chosen) {
        if (chosen.equals(chosenInMap)) {
            return;
        }
        chosenInMap = Set.copyOf(chosen);
        BpfMap map = object.map(CHOSEN_MAP);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment value = arena.allocate(1);
            for (int nr = 0; nr < MAX_NR; nr++) {
                value.set(ValueLayout.JAVA_BYTE, 0, (byte) (chosen.contains(names.name(nr)) ? 1 : 0));
                key.set(ValueLayout.JAVA_INT, 0, nr);
                map.update(key, value, BpfMap.UpdateMode.ANY);
            }
        }
    }

    private void writeConfig(Filter filter, boolean enabled, boolean byNr) {
        long threshold = filter.getSyscallLatencyThresholdNs() == 0 ? DEFAULT_THRESHOLD_NS
                : filter.getSyscallLatencyThresholdNs();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment cfg = arena.allocate(SyscallRecords.CONFIG_SIZE, 8);
            SyscallRecords.config(cfg, threshold, (int) ProcessHandle.current().pid(), enabled, byNr,
                    filter.getSyscallsWholeNode(), cgroups.depthMask(filter.getCgroupIdsList()));
            object.map(CONFIG_MAP).update(key, cfg, BpfMap.UpdateMode.ANY);
        }
    }

    /** Why the fentry path cannot be used on this kernel; "" when it can. */
    String fentryUnavailable() {
        return fentryUnavailable;
    }

    /** The kernel path in use now ("off", "tracepoint", "fentry"). */
    String path() {
        return tracing.getPath();
    }

    /** Whether any program is attached now (only while the filter asks for syscalls). */
    boolean tracing() {
        return !path().equals("off");
    }

    /** The syscalls traced when a subscription names none: those with an fentry program in the object. */
    public List<String> defaultSyscalls() {
        return fentrySyscalls;
    }

    @Override
    public void describe(SensorInfo.Builder info) {
        SyscallTracing now = tracing;
        if (now.getDefaultSyscallsCount() == 0 && !fentrySyscalls.isEmpty()) {
            now = now.toBuilder().setReason(fentryUnavailable).addAllDefaultSyscalls(fentrySyscalls)
                    .addAllFentrySyscalls(fentryUnavailable.isEmpty() ? fentrySyscalls : List.of()).build();
        }
        info.setSyscallTracing(now);
    }

    private void drainSpans() {
        EventSink sink = spanSink;
        RingBuffer ring = spans;
        if (sink == null || ring == null || ring.pendingBytes() == 0) {
            return; // the common case every 10 ms: two loads, no clock calibration
        }
        KernelClock clock = KernelClock.calibrate();
        ring.drain(record -> {
            SyscallSpan.Builder span = SyscallRecords.span(record, names, clock);
            if (span.getFd() >= 0) {
                span.setFdTarget(fdTargets.describe(span.getPid(), span.getFd()));
            }
            sink.publish(SensorEvent.newBuilder().setTimestampNs(span.getStartNs() + span.getDurationNs())
                    .setSyscallSpan(span).build());
            spansPublished.incrementAndGet();
        }, SPANS_PER_POLL);
    }

    @Override
    protected void flush(EventSink sink) {
        spanSink = sink;
        drainSpans();
        long start = intervalStartWall;
        long end = KernelClock.calibrate().nowWallNanos();
        intervalStartWall = end;
        object.map(HISTOGRAMS).drain((key, stats) -> sink.publish(SensorEvent.newBuilder()
                .setTimestampNs(end)
                .setSyscallHistogram(SyscallRecords.histogram(key, stats, names, start, end))
                .build()));
    }

    /** Map full: histogram entries that found no room, plus calls whose in-flight state could not be kept. */
    @Override
    protected List<LossCounter> readLossCounters() {
        long inflightLost = SyscallRecords.counter(object.map(ERRORS_MAP), INFLIGHT_UNAVAILABLE);
        return List.of(
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                        .setKind(EventKind.EVENT_KIND_SYSCALLS)
                        .setLostTotal(KernelCounter.MAP_FULL.read(object) + inflightLost).build(),
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_SYSCALLS).setLostTotal(KernelCounter.RINGBUF_FULL.read(object)).build());
    }

    @Override
    protected void release() {
        attachments = null;
        if (object != null) {
            object.close(); // closes the ring buffer and links first
            object = null;
            spans = null;
        }
    }

    /** Spans published since start. */
    public long spansPublished() {
        return spansPublished.get();
    }

    /** The architecture whose syscall names this collector uses. */
    public String syscallArch() {
        return names.arch();
    }
}
