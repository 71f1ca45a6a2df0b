package dev.nightjar.sensor.drops;

import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.btf.DropReasons;
import dev.nightjar.sensor.btf.KernelBtf;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.FilterCheck;
import dev.nightjar.sensor.collect.FeatureUnavailableException;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.collect.KernelFilter;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Packet drops with the kernel's reason: {@code tp_btf/kfree_skb}
 * (bpf/drop_reasons.bpf.c) aggregates identical drops in a kernel map, and
 * every flush interval this collector takes them out (lookup-and-delete batch)
 * and publishes one {@code DropEvent} per (reason, tuple, location, netns,
 * ifindex) with its count, when the filter in force then still lets it
 * through. The pid of a packet's socket comes from the flow programs' socket
 * storage, shared with this object when a flow collector is loaded first.
 */
public final class DropCollector extends KernelCollector {

    public static final String OBJECT = "drop_reasons";
    static final String PROGRAM_WITH_RX_SK = "nj_kfree_skb_rx_sk";
    static final String PROGRAM_WITHOUT_RX_SK = "nj_kfree_skb";
    static final String DROPS_MAP = "nj_drops";
    static final String NOISE_MAP = "nj_noise";
    private static final int NOISE_SLOTS = 1024;
    private static final String REQUIREMENT = "skb:kfree_skb with a drop reason (kernel 5.17 or newer, with BTF)";

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final Supplier<List<BpfMap>> flowMaps;
    private volatile FilterCheck filter = FilterCheck.NONE;
    private volatile boolean flowMapsShared;
    private BpfObject object;
    private volatile DropReasons reasons;
    private KernelSymbols symbols;

    /** Drops on their own: DropEvent.pid stays 0 and every packet keeps its ports. */
    public DropCollector(KernelCollectorsConfig config) {
        this(config, List::of);
    }

    /**
     * @param flowMaps the flow collector's shared maps ({@code FlowCollector::sharedMaps}), taken
     *                 when this collector starts: the owners of dropped packets' sockets and the
     *                 listening ports that let drops of many client ports aggregate
     */
    public DropCollector(KernelCollectorsConfig config, Supplier<List<BpfMap>> flowMaps) {
        this(config, LibBpf::system, flowMaps);
    }

    DropCollector(KernelCollectorsConfig config, Supplier<LibBpf> libraries, Supplier<List<BpfMap>> flowMaps) {
        super(Feature.FEATURE_DROPS, config.flushInterval());
        this.config = config;
        this.libraries = libraries;
        this.flowMaps = flowMaps;
    }

    @Override
    protected String open() {
        LibBpf lib = libraries.get();
        KernelBtf btf = KernelBtf.readKernel(config.sysRoot());
        reasons = DropReasons.fromKernel(btf);
        String tracepoint = config.dropTracepoint();
        // ctx, skb, location, reason; kernels >= 6.10 add rx_sk.
        OptionalInt parameters = btf.functionPointerParameters("btf_trace_" + tracepoint);
        if (parameters.isPresent() && parameters.getAsInt() < 4) {
            throw new FeatureUnavailableException("tracepoint skb:" + tracepoint
                    + " passes no drop reason: drops need " + REQUIREMENT);
        }
        boolean withRxSk = parameters.orElse(4) >= 5;
        String program = withRxSk ? PROGRAM_WITH_RX_SK : PROGRAM_WITHOUT_RX_SK;

        object = BpfObject.openEmbedded(lib, OBJECT);
        object.program(withRxSk ? PROGRAM_WITHOUT_RX_SK : PROGRAM_WITH_RX_SK).setAutoload(false);
        if (!tracepoint.equals("kfree_skb")) {
            object.program(program).setAttachTarget(tracepoint);
        }
        List<BpfMap> shared = flowMaps.get();
        shared.forEach(map -> object.map(map.name()).reuse(map));
        flowMapsShared = !shared.isEmpty();
        object.load();
        markNoise();
        object.program(program).attach();

        symbols = KernelSymbols.load(config.procRoot());
        List<String> notes = new ArrayList<>();
        if (!symbols.available()) {
            notes.add("drop locations shown as addresses: " + symbols.unavailableReason());
        }
        if (!flowMapsShared) {
            notes.add("drop pids unknown and no aggregation per service: flows are not running");
        }
        return String.join("; ", notes);
    }

    private void markNoise() {
        BpfMap noise = object.map(NOISE_MAP);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment one = arena.allocate(1);
            one.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            NoiseReasons.codes(reasons).filter(c -> c >= 0 && c < NOISE_SLOTS).forEach(code -> {
                key.set(ValueLayout.JAVA_INT, 0, code);
                noise.update(key, one, BpfMap.UpdateMode.ANY);
            });
        }
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("drops", config.dropTracepoint(), REQUIREMENT, failure);
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
        FilterCheck current = filter;
        object.map(DROPS_MAP).drain((key, value) -> {
            if (DropRecord.passes(key, value, current)) {
                DropEvent drop = DropRecord.decode(key, value, reasons, symbols, clock);
                sink.publish(SensorEvent.newBuilder().setTimestampNs(Math.max(now, drop.getLastSeenNs()))
                        .setDrop(drop).build());
            }
        });
    }

    @Override
    protected List<LossCounter> readLossCounters() {
        // Each failed insert is one packet that is in no DropEvent.
        long packets = KernelCounter.MAP_FULL.read(object);
        return List.of(LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                .setKind(EventKind.EVENT_KIND_DROPS).setLostTotal(packets).setLostPacketsTotal(packets).build());
    }

    @Override
    protected void release() {
        if (object != null) {
            object.close();
            object = null;
        }
    }

    /** The running kernel's drop reasons; empty until a start has read them from BTF. */
    public Optional<DropReasons> reasons() {
        return Optional.ofNullable(reasons);
    }
}
