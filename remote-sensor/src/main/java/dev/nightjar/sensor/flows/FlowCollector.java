package dev.nightjar.sensor.flows;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.btf.KernelBtf;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * TCP and UDP flows (bpf/flows.bpf.c). Every flush interval it publishes a
 * {@code FlowUpdate} for each flow that changed since the last flush; a TCP
 * close arrives through the ring buffer with the socket's final counters and
 * is published as the flow's last update ({@code closed}). A UDP flow idle for
 * {@link KernelCollectorsConfig#udpIdleTimeout()} is published closed and
 * forgotten.
 */
public final class FlowCollector extends KernelCollector {

    public static final String OBJECT = "flows";
    static final String STATE_PROGRAM = "nj_tcp_state";
    static final String TCP_FLOWS = "nj_tcp_flows";
    static final String UDP_FLOWS = "nj_udp_flows";
    static final String UDP_OWNERS = "nj_udp_owners";
    static final String CLOSES = "nj_flow_closes";
    private static final String REQUIREMENT = "sock:inet_sock_set_state (kernel 4.16 or newer, with BTF)";

    /** Optional tracepoint programs and what is missing without them. */
    private record OptionalHook(String program, String tracepoint, String without) {
    }

    private static final List<OptionalHook> OPTIONAL_HOOKS = List.of(
            new OptionalHook("nj_send_length", "sock_send_length",
                    "TCP counters refresh only on state changes and UDP owners are unknown (kernel < 6.3)"),
            new OptionalHook("nj_recv_length", "sock_recv_length",
                    "TCP counters refresh only on state changes (kernel < 6.3)"),
            new OptionalHook("nj_tcp_retransmit", "tcp_retransmit_skb", "retransmits are counted only at close"),
            new OptionalHook("nj_tcp_send_reset", "tcp_send_reset", "resets sent are not counted"),
            new OptionalHook("nj_tcp_receive_reset", "tcp_receive_reset", "resets received are not counted"));
    private static final List<String> UDP_PROGRAMS = List.of("nj_udp_egress", "nj_udp_ingress");

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final int closeRingBytes;
    private BpfObject object;
    private RingBuffer closes;
    private boolean udpAttached;
    /** flow id → last_ns last published; rebuilt each flush, so bounded by the maps' sizes. */
    private Map<Long, Long> published = new HashMap<>();
    private final AtomicLong lateResetsMissed = new AtomicLong();
    private volatile long delayedCloses;

    public FlowCollector(KernelCollectorsConfig config) {
        this(config, LibBpf::system, 0);
    }

    /** @param closeRingBytes size of the close ring buffer, 0 for the object's own (4 MB) */
    FlowCollector(KernelCollectorsConfig config, Supplier<LibBpf> libraries, int closeRingBytes) {
        super(Feature.FEATURE_FLOWS, config.flushInterval());
        this.config = config;
        this.libraries = libraries;
        this.closeRingBytes = closeRingBytes;
    }

    @Override
    protected String open() {
        LibBpf lib = libraries.get();
        KernelBtf btf = KernelBtf.readKernel(config.sysRoot());
        List<String> notes = new ArrayList<>();

        object = BpfObject.openEmbedded(lib, OBJECT);
        if (!config.flowStateTracepoint().equals("inet_sock_set_state")) {
            object.program(STATE_PROGRAM).setAttachTarget(config.flowStateTracepoint());
        }
        List<String> attach = new ArrayList<>(List.of(STATE_PROGRAM));
        for (OptionalHook hook : OPTIONAL_HOOKS) {
            if (btf.hasTypedef("btf_trace_" + hook.tracepoint())) {
                attach.add(hook.program());
            } else {
                object.program(hook.program()).setAutoload(false);
                notes.add("no tracepoint " + hook.tracepoint() + ": " + hook.without());
            }
        }
        Optional<Path> cgroupRoot = config.cgroupRoot()
                .or(() -> CgroupRoot.fromMountinfo(config.procRoot().resolve("self/mountinfo")));
        if (cgroupRoot.isEmpty()) {
            UDP_PROGRAMS.forEach(p -> object.program(p).setAutoload(false));
            notes.add("UDP flows off: no cgroup v2 hierarchy is mounted (set the cgroup root)");
        }

        if (closeRingBytes > 0) {
            object.map(CLOSES).setMaxEntries(closeRingBytes);
        }
        object.load();
        closes = object.ringBuffer(CLOSES);
        for (String program : attach) {
            object.program(program).attach();
        }
        if (cgroupRoot.isPresent()) {
            try {
                for (String program : UDP_PROGRAMS) {
                    object.program(program).attachCgroup(cgroupRoot.get());
                }
                udpAttached = true;
            } catch (BpfAttachException e) {
                notes.add("UDP flows off: " + e.getMessage());
            }
        }
        return String.join("; ", notes);
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("flows", config.flowStateTracepoint(), REQUIREMENT, failure);
    }

    @Override
    protected void pushFilter(Filter filter) {
        KernelFilter.apply(object, filter);
    }

    @Override
    protected void flush(EventSink sink) {
        KernelClock clock = KernelClock.calibrate();
        long now = clock.nowWallNanos();
        long nowMonotonic = KernelClock.nowMonotonicNanos();
        Map<Long, Long> seen = new HashMap<>();

        // Closes first: their flows are already gone from the map. A reset sent
        // after a close arrives as its own record right behind it and is folded in.
        Map<Long, FlowUpdate.Builder> closing = new LinkedHashMap<>();
        closes.drain(record -> {
            if (!FlowRecord.isLateReset(record)) {
                closing.put(FlowRecord.flowId(record), FlowRecord.decode(record, clock));
            } else if (closing.containsKey(FlowRecord.flowId(record))) {
                FlowRecord.addLateReset(closing.get(FlowRecord.flowId(record)));
            } else {
                lateResetsMissed.incrementAndGet();
            }
        }, (int) (closes.capacity() / FlowRecord.SIZE) + 1);
        closing.values().forEach(update -> publish(sink, now, update));

        try (Arena arena = Arena.ofConfined()) {
            BpfMap tcp = object.map(TCP_FLOWS);
            List<MemorySegment> finished = new ArrayList<>();
            tcp.forEach((key, flow) -> {
                if (FlowRecord.closed(flow)) {
                    // The ring was full at close: the kernel left it here for us.
                    publish(sink, now, FlowRecord.decode(flow, clock));
                    finished.add(arena.allocate(key.byteSize(), 8).copyFrom(key));
                } else {
                    publishIfChanged(sink, now, flow, clock, null, seen);
                }
            });
            finished.forEach(tcp::delete);

            if (udpAttached) {
                flushUdp(sink, now, nowMonotonic, clock, arena, seen);
            }
        }
        published = seen;
    }

    private void flushUdp(EventSink sink, long now, long nowMonotonic, KernelClock clock, Arena arena,
                          Map<Long, Long> seen) {
        BpfMap udp = object.map(UDP_FLOWS);
        BpfMap owners = object.map(UDP_OWNERS);
        MemorySegment owner = arena.allocate(UdpOwner.SIZE, 8);
        long idleNanos = config.udpIdleTimeout().toNanos();
        List<MemorySegment> expired = new ArrayList<>();
        udp.forEach((key, flow) -> {
            MemorySegment cookie = key.asSlice(UdpOwner.KEY_COOKIE, 8);
            MemorySegment known = FlowRecord.pid(flow) == 0 && owners.lookup(cookie, owner) ? owner : null;
            if (nowMonotonic - FlowRecord.lastSeenMonotonic(flow) > idleNanos) {
                FlowUpdate.Builder update = withOwner(FlowRecord.decode(flow, clock), known).setClosed(true);
                publish(sink, now, update);
                expired.add(arena.allocate(key.byteSize(), 8).copyFrom(key));
            } else {
                publishIfChanged(sink, now, flow, clock, known, seen);
            }
        });
        expired.forEach(udp::delete);
    }

    private void publishIfChanged(EventSink sink, long now, MemorySegment flow, KernelClock clock,
                                  MemorySegment owner, Map<Long, Long> seen) {
        long id = FlowRecord.flowId(flow);
        long last = FlowRecord.lastSeenMonotonic(flow);
        seen.put(id, last);
        Long before = published.get(id);
        if (before == null || before != last) {
            publish(sink, now, withOwner(FlowRecord.decode(flow, clock), owner));
        }
    }

    private static FlowUpdate.Builder withOwner(FlowUpdate.Builder update, MemorySegment owner) {
        if (owner != null) {
            update.setPid(UdpOwner.pid(owner)).setComm(UdpOwner.comm(owner)).setNetnsInode(UdpOwner.netns(owner));
        }
        return update;
    }

    private static void publish(EventSink sink, long now, FlowUpdate.Builder update) {
        sink.publish(SensorEvent.newBuilder().setTimestampNs(now).setFlow(update).build());
    }

    @Override
    protected List<LossCounter> readLossCounters() {
        delayedCloses = KernelCounter.RINGBUF_FULL.read(object);
        return List.of(LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                .setKind(EventKind.EVENT_KIND_FLOWS).setLostTotal(KernelCounter.MAP_FULL.read(object)).build());
    }

    /**
     * Resets sent after a close that arrived after that close was published
     * (the two records straddled a flush), or for a flow never seen: not in
     * any FlowUpdate.
     */
    public long lateResetsMissed() {
        return lateResetsMissed.get();
    }

    /**
     * Close records that could not go through the ring buffer at once. Not a
     * loss: those flows stay in the map and are published closed at the next
     * flush. As of the last flush.
     */
    public long delayedCloses() {
        return delayedCloses;
    }

    @Override
    protected void release() {
        if (object != null) {
            object.close(); // closes the ring buffer and links first
            object = null;
            closes = null;
        }
    }
}
