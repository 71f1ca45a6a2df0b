package dev.nightjar.sensor.flows;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.btf.KernelBtf;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.FilterCheck;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.collect.KernelFilter;
import dev.nightjar.sensor.libbpf.BpfAttachException;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.RingBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * TCP and UDP flows (bpf/flows.bpf.c), client -> server, one record per
 * connection. Every flush interval it publishes:
 * <ul>
 * <li>each open TCP connection that began before this flush and changed since
 *     the last one (the kernel keeps them in {@code nj_tcp_conns}, one entry per connection);</li>
 * <li>the closes of connections that may have been published open, one each
 *     (ring buffer, or the connections map when the ring was full);</li>
 * <li>the connections that began and ended since the last flush, folded by
 *     the kernel per (client, server ip:port, verdict, client pid) with counts:
 *     one {@code FlowUpdate} per aggregate ({@code connections} > 1) or the
 *     connection itself when it was alone;</li>
 * <li>each UDP exchange that changed, and as closed once idle for
 *     {@link KernelCollectorsConfig#udpIdleTimeout()}.</li>
 * </ul>
 * The subscription's filter applies to every one of them: in the kernel for
 * closes and aggregates, here for what is read from maps. An event is never
 * stamped earlier than its flow's last activity.
 */
public final class FlowCollector extends KernelCollector {

    public static final String OBJECT = "flows";
    static final String STATE_PROGRAM = "nj_tcp_state";
    static final String TCP_CONNS = "nj_tcp_conns";
    static final String UDP_FLOWS = "nj_udp_flows";
    static final String CLOSES = "nj_flow_closes";
    static final String CONTROL = "nj_flow_ctl";
    static final String SOCKET_STORAGE = "nj_socks";
    static final String LISTENERS = "nj_listeners";
    static final String LISTEN_PORTS = "nj_listen_ports";
    static final List<String> AGGREGATES = List.of("nj_tcp_aggr0", "nj_tcp_aggr1");
    private static final String REQUIREMENT = "sock:inet_sock_set_state (kernel 4.16 or newer, with BTF)";
    /** Records that changed within this much before the last cutoff are sent again: clocks and writes race. */
    private static final long CHANGE_SLACK_NANOS = 1_000_000;

    /** Optional tracepoint programs and what is missing without them. */
    private record OptionalHook(String program, String tracepoint, String without) {
    }

    private static final List<OptionalHook> OPTIONAL_HOOKS = List.of(
            new OptionalHook("nj_send_length", "sock_send_length",
                    "open TCP flows refresh only on state changes, and owners of accepted and UDP sockets are"
                            + " unknown (kernel < 6.3)"),
            new OptionalHook("nj_recv_length", "sock_recv_length",
                    "open TCP flows refresh only on state changes (kernel < 6.3)"),
            new OptionalHook("nj_tcp_retransmit", "tcp_retransmit_skb",
                    "a connection that is not answered shows only at its close"),
            new OptionalHook("nj_tcp_send_reset", "tcp_send_reset", "resets sent are not counted"),
            new OptionalHook("nj_tcp_receive_reset", "tcp_receive_reset",
                    "resets received are not counted; a refused connection looks timed out"));
    private static final List<String> UDP_PROGRAMS = List.of("nj_udp_egress", "nj_udp_ingress");

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final int closeRingBytes;
    private volatile BpfObject object;
    private RingBuffer closes;
    private boolean udpAttached;
    private volatile FilterCheck filter = FilterCheck.NONE;
    /** The aggregate map the kernel folds into now. */
    private int aggregateSlot;
    /** The previous flush's cutoff (CLOCK_MONOTONIC): what changed after it is sent again. */
    private long previousCutoff;
    private final AtomicLong lateResetsMissed = new AtomicLong();
    /** Released when {@link #open()} has loaded the object or failed: see {@link #sharedMapsOnceStarted}. */
    private final CountDownLatch startSettled = new CountDownLatch(1);
    private volatile long kernelLateResetsLost;
    private volatile long delayedCloses;

    public FlowCollector(KernelCollectorsConfig config) {
        this(config, LibBpf::system, 0);
    }

    /** @param closeRingBytes size of the close ring buffer, 0 for the object's own (1 MB) */
    FlowCollector(KernelCollectorsConfig config, Supplier<LibBpf> libraries, int closeRingBytes) {
        super(Feature.FEATURE_FLOWS, config.flushInterval());
        this.config = config;
        this.libraries = libraries;
        this.closeRingBytes = closeRingBytes;
    }

    @Override
    protected String open() {
        try {
            return openObject();
        } finally {
            startSettled.countDown();
        }
    }

    private String openObject() {
        LibBpf lib = libraries.get();
        KernelBtf btf = KernelBtf.readKernel(config.sysRoot());
        List<String> notes = new ArrayList<>();

        BpfObject flows = BpfObject.openEmbedded(lib, OBJECT);
        object = flows;
        if (!config.flowStateTracepoint().equals("inet_sock_set_state")) {
            flows.program(STATE_PROGRAM).setAttachTarget(config.flowStateTracepoint());
        }
        List<String> attach = new ArrayList<>(List.of(STATE_PROGRAM));
        for (OptionalHook hook : OPTIONAL_HOOKS) {
            if (btf.hasTypedef("btf_trace_" + hook.tracepoint())) {
                attach.add(hook.program());
            } else {
                flows.program(hook.program()).setAutoload(false);
                notes.add("no tracepoint " + hook.tracepoint() + ": " + hook.without());
            }
        }
        Optional<Path> cgroupRoot = config.cgroupRoot()
                .or(() -> CgroupRoot.fromMountinfo(config.procRoot().resolve("self/mountinfo")));
        if (cgroupRoot.isEmpty()) {
            UDP_PROGRAMS.forEach(p -> flows.program(p).setAutoload(false));
            notes.add("UDP flows off: no cgroup v2 hierarchy is mounted (set the cgroup root)");
        }

        if (closeRingBytes > 0) {
            flows.map(CLOSES).setMaxEntries(closeRingBytes);
        }
        flows.load();
        closes = flows.ringBuffer(CLOSES);
        // Before attaching: a connection older than the sensor is told apart by these.
        BpfMap listeners = flows.map(LISTENERS);
        ListeningPorts.seed(config.procRoot(), listeners, flows.map(LISTEN_PORTS), listeners.maxEntries());
        for (String program : attach) {
            flows.program(program).attach();
        }
        if (cgroupRoot.isPresent()) {
            try {
                for (String program : UDP_PROGRAMS) {
                    flows.program(program).attachCgroup(cgroupRoot.get());
                }
                udpAttached = true;
            } catch (BpfAttachException e) {
                notes.add("UDP flows off: " + e.getMessage());
            }
        }
        return String.join("; ", notes);
    }

    /**
     * The maps of the flow programs that other objects read, for them to share before they
     * load ({@link BpfMap#reuse}): the per-socket storage (owner, role) and the listening
     * ports of the node. Drops read a dropped packet's owner and its service side there.
     * Empty until this collector has loaded its object.
     */
    public List<BpfMap> sharedMaps() {
        BpfObject flows = object;
        return flows != null && flows.isLoaded() ? List.of(flows.map(SOCKET_STORAGE), flows.map(LISTEN_PORTS))
                : List.of();
    }

    /**
     * {@link #sharedMaps()} once this collector's start has loaded its object or failed, waiting
     * at most {@code wait} for that. The sensor starts its collectors in parallel; drops that
     * loaded before flows would have no socket owners and no service ports for the whole session.
     */
    public List<BpfMap> sharedMapsOnceStarted(Duration wait) {
        try {
            if (!startSettled.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return List.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return sharedMaps();
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("flows", config.flowStateTracepoint(), REQUIREMENT, failure);
    }

    @Override
    protected void pushFilter(Filter newFilter) {
        KernelFilter.apply(object, newFilter);
        filter = new FilterCheck(newFilter);
    }

    @Override
    protected void flush(EventSink sink) {
        KernelClock clock = KernelClock.calibrate();
        long now = clock.nowWallNanos();
        long cutoff = KernelClock.nowMonotonicNanos();
        FilterCheck currentFilter = filter;
        int drainSlot = aggregateSlot;
        aggregateSlot ^= 1;
        // From here on new closes fold into the other aggregate map, and a close that
        // began before the cutoff goes through the ring: the kernel reads the cutoff with a
        // full barrier after deleting the open entry, and this fence orders the write
        // before the reads below, so no connection is both published open and aggregated.
        writeControl(cutoff, aggregateSlot);
        VarHandle.fullFence();

        Map<Long, FlowUpdate.Builder> closing = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            BpfMap open = object.map(TCP_CONNS);
            List<MemorySegment> delayed = new ArrayList<>();
            open.forEach((key, flow) -> {
                if (FlowRecord.record(flow) == FlowRecord.RECORD_CLOSE) {
                    // The ring was full at its close: the kernel left the close here.
                    closing.put(FlowRecord.flowId(flow), FlowRecord.decode(flow, clock));
                    delayed.add(arena.allocate(key.byteSize(), 8).copyFrom(key));
                } else if (isNewOrChanged(flow, cutoff) && FlowRecord.passes(flow, currentFilter)) {
                    publish(sink, now, FlowRecord.decode(flow, clock));
                }
            });
            delayed.forEach(open::delete);
        }

        // A reset sent after a close arrives as its own record right behind it and is folded in.
        closes.drain(record -> {
            long id = FlowRecord.flowId(record);
            if (FlowRecord.record(record) != FlowRecord.RECORD_LATE_RESET) {
                closing.put(id, FlowRecord.decode(record, clock));
            } else if (closing.containsKey(id)) {
                FlowRecord.addLateReset(closing.get(id), record);
            } else {
                lateResetsMissed.incrementAndGet();
            }
        }, (int) (closes.capacity() / FlowRecord.SIZE) + 1);
        closing.values().forEach(update -> publish(sink, now, update));

        // Folded by the kernel until the flip above; filtered there too.
        object.map(AGGREGATES.get(drainSlot)).drain((key, flow) -> publish(sink, now, FlowRecord.decode(flow, clock)));

        if (udpAttached) {
            flushUdp(sink, now, cutoff, clock, currentFilter);
        }
        previousCutoff = cutoff;
    }

    /** Began before this cutoff (so the kernel sends its close through the ring), and new or changed since the last. */
    private boolean isNewOrChanged(MemorySegment flow, long cutoff) {
        long first = FlowRecord.firstSeenMonotonic(flow);
        if (first >= cutoff || FlowRecord.clientPort(flow) == 0) {
            return false; // too young, or listed at connect() before the kernel chose its port
        }
        return first >= previousCutoff - CHANGE_SLACK_NANOS
                || FlowRecord.updatedMonotonic(flow) >= previousCutoff - CHANGE_SLACK_NANOS;
    }

    private void writeControl(long cutoff, int slot) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment control = arena.allocate(16, 8);
            control.set(ValueLayout.JAVA_LONG, 0, cutoff);
            control.set(ValueLayout.JAVA_INT, 8, slot);
            object.map(CONTROL).update(key, control, BpfMap.UpdateMode.ANY);
        }
    }

    private void flushUdp(EventSink sink, long now, long nowMonotonic, KernelClock clock, FilterCheck currentFilter) {
        BpfMap udp = object.map(UDP_FLOWS);
        long idleNanos = config.udpIdleTimeout().toNanos();
        try (Arena arena = Arena.ofConfined()) {
            List<MemorySegment> expired = new ArrayList<>();
            udp.forEach((key, flow) -> {
                boolean idle = nowMonotonic - UdpRecord.lastSeenMonotonic(flow) > idleNanos;
                if (idle) {
                    expired.add(arena.allocate(key.byteSize(), 8).copyFrom(key));
                }
                boolean changed = UdpRecord.firstSeenMonotonic(flow) >= previousCutoff - CHANGE_SLACK_NANOS
                        || UdpRecord.lastSeenMonotonic(flow) >= previousCutoff - CHANGE_SLACK_NANOS;
                if ((idle || changed) && UdpRecord.passes(key, flow, currentFilter)) {
                    publish(sink, now, UdpRecord.decode(key, flow, clock, idle));
                }
            });
            expired.forEach(udp::delete);
        }
    }

    /** Stamped at the flush, or at the flow's last activity when that is later (it happened during the flush). */
    private static void publish(EventSink sink, long now, FlowUpdate.Builder update) {
        if (update.getVerdict() == FlowVerdict.FLOW_VERDICT_UNSPECIFIED) {
            throw new IllegalStateException("flow " + update.getFlowId() + " has no verdict");
        }
        long stamp = Math.max(now, update.getLastSeenNs());
        sink.publish(SensorEvent.newBuilder().setTimestampNs(stamp).setFlow(update).build());
    }

    @Override
    protected List<LossCounter> readLossCounters() {
        kernelLateResetsLost = FlowCounter.LATE_RESET_LOST.read(object);
        delayedCloses = KernelCounter.RINGBUF_FULL.read(object);
        long notRecorded = KernelCounter.MAP_FULL.read(object) + FlowCounter.STORAGE_FAILED.read(object);
        return List.of(
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                        .setKind(EventKind.EVENT_KIND_FLOWS).setLostTotal(notRecorded).build(),
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_FLOWS).setLostTotal(FlowCounter.CLOSE_LOST.read(object)).build());
    }

    /**
     * Resets sent after a close that are in no FlowUpdate: after a close folded into an
     * aggregate, or one whose record was published in an earlier flush. As of the last flush.
     */
    public long lateResetsMissed() {
        return lateResetsMissed.get() + kernelLateResetsLost;
    }

    /**
     * Closes that could not go through the ring buffer at once. Not a loss: they wait in the
     * connections map and are published closed at the next flush. As of the last flush.
     */
    public long delayedCloses() {
        return delayedCloses;
    }

    @Override
    protected void release() {
        BpfObject flows = object;
        if (flows != null) {
            object = null;
            flows.close(); // closes the ring buffer and links first
            closes = null;
        }
    }
}
