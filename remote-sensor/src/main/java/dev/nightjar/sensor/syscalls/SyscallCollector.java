package dev.nightjar.sensor.syscalls;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.collect.KernelFilter;
import dev.nightjar.sensor.libbpf.BpfLink;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.RingBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Syscall latency: {@code tp_btf/sys_enter} and {@code sys_exit}
 * (bpf/syscalls.bpf.c). Every flush interval the per-(pid, syscall) histograms
 * are taken out of the kernel and published as {@code SyscallHistogram}s; calls
 * at or above the subscription's latency threshold arrive one by one through a
 * ring buffer, which a small poller reads every {@link #SPAN_POLL_MILLIS} ms so an fd can
 * still be resolved through /proc while the process holds it.
 *
 * <p>Off unless the subscription names cgroups or pids, or sets
 * {@code syscalls_whole_node}: the programs are then detached, so syscalls
 * run the kernel's untraced path.
 */
public final class SyscallCollector extends KernelCollector {

    public static final String OBJECT = "syscalls";
    public static final long DEFAULT_THRESHOLD_NS = 1_000_000;
    static final String ENTER_PROGRAM = "nj_sys_enter";
    static final String EXIT_PROGRAM = "nj_sys_exit";
    static final String CONFIG_MAP = "nj_sys_cfg";
    static final String HISTOGRAMS = "nj_sys_hist";
    static final String SPANS = "nj_sys_spans";
    static final long SPAN_POLL_MILLIS = 10;
    /** Spans read per poll at most; the rest wait in the ring for the next poll. */
    private static final int SPANS_PER_POLL = 4096;
    private static final String REQUIREMENT = "raw_syscalls:sys_enter/sys_exit as BTF tracepoints (kernel 5.5 or newer, with BTF)";

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final SyscallNames names = SyscallNames.forThisMachine();
    private final FdTargets fdTargets;
    private final AtomicLong spansPublished = new AtomicLong();
    private BpfObject object;
    /** Each attach adds a link to the object's close list: one pair per off-to-on switch of a subscription. */
    private volatile BpfLink enterLink;
    private BpfLink exitLink;
    private RingBuffer spans;
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
    }

    @Override
    protected String open() {
        LibBpf lib = libraries.get();
        object = BpfObject.openEmbedded(lib, OBJECT);
        object.load();
        spans = object.ringBuffer(SPANS);
        intervalStartWall = KernelClock.calibrate().nowWallNanos();
        setTracing(true); // proves both programs attach here; pushFilter detaches them again if the filter is off
        startPoller("nightjar-syscalls-spans", this::drainSpans, SPAN_POLL_MILLIS);
        return "";
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("syscalls", "sys_enter", REQUIREMENT, failure);
    }

    /**
     * The common filter maps, then this object's switch: on only for a
     * subscription that names cgroups or pids, or asks for the whole node.
     */
    @Override
    protected void pushFilter(Filter filter) {
        KernelFilter.apply(object, filter);
        boolean enabled = filter.getCgroupIdsCount() > 0 || filter.getPidsCount() > 0 || filter.getSyscallsWholeNode();
        setTracing(enabled);
        long threshold = filter.getSyscallLatencyThresholdNs() == 0 ? DEFAULT_THRESHOLD_NS
                : filter.getSyscallLatencyThresholdNs();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment cfg = arena.allocate(16, 8);
            cfg.set(ValueLayout.JAVA_LONG, 0, threshold);
            cfg.set(ValueLayout.JAVA_INT, 8, (int) ProcessHandle.current().pid());
            cfg.set(ValueLayout.JAVA_BYTE, 12, (byte) (enabled ? 1 : 0));
            object.map(CONFIG_MAP).update(key, cfg, BpfMap.UpdateMode.ANY);
        }
    }

    /**
     * Attaches or detaches both programs. Detached when the filter is off:
     * any program on raw_syscalls puts every task's syscalls on the kernel's
     * slower traced path (measured: docs/PERFORMANCE.md), even one that
     * returns at once. exit is attached before enter and detached after it,
     * so no call is entered without its exit being seen.
     */
    private void setTracing(boolean on) {
        if (on && enterLink == null) {
            exitLink = object.program(EXIT_PROGRAM).attach();
            enterLink = object.program(ENTER_PROGRAM).attach();
        } else if (!on && enterLink != null) {
            enterLink.close();
            exitLink.close();
            enterLink = null;
            exitLink = null;
        }
    }

    /** Whether the programs are attached now (they are only while the filter asks for syscalls). */
    boolean tracing() {
        return enterLink != null;
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

    @Override
    protected List<LossCounter> readLossCounters() {
        return List.of(
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                        .setKind(EventKind.EVENT_KIND_SYSCALLS).setLostTotal(KernelCounter.MAP_FULL.read(object)).build(),
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_SYSCALLS).setLostTotal(KernelCounter.RINGBUF_FULL.read(object)).build());
    }

    @Override
    protected void release() {
        enterLink = null;
        exitLink = null;
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
