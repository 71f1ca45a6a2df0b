package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.RequestCapture;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.collect.KernelFilter;
import dev.nightjar.sensor.libbpf.BpfLoadException;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.RingBuffer;
import dev.nightjar.sensor.proc.CgroupTree;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Socket payload for the request parsers (bpf/requests.bpf.c, FEATURE_REQUESTS). A poller
 * drains the capture's ring buffer every {@value #POLL_MILLIS} ms into the
 * {@link SocketChunkSink} the composition root supplies (the parsers, which publish
 * {@code Request} and {@code RequestStats} events), and calls its {@code tick} at least
 * every {@value #TICK_MILLIS} ms. Off (nothing attached, no task pays) unless the filter
 * names cgroups or pids or sets {@code requests_whole_node}. GetInfo says which kernel path
 * and which TLS libraries are in use ({@link #describe}).
 */
public final class RequestCollector extends KernelCollector {

    public static final String OBJECT = "requests";
    /** The most payload bytes the kernel copies per call (NJ_REQ_MAX_BYTES). */
    public static final int KERNEL_MAX_CAPTURE_BYTES = 8192;
    public static final int DEFAULT_CAPTURE_BYTES = 4096;
    static final String CONFIG_MAP = "nj_req_cfg";
    static final String ERRORS_MAP = "nj_req_errors";
    static final String RING = "nj_req_chunks";
    static final String ANNOUNCED = "nj_req_procs";
    static final long POLL_MILLIS = 10;
    static final long TICK_MILLIS = 50;
    /** Records read per poll at most; the rest wait in the ring for the next poll. */
    private static final int RECORDS_PER_POLL = 8192;
    private static final List<String> UPROBE_PROGRAMS = List.of("nj_req_ssl_write", "nj_req_ssl_write_ex",
            "nj_req_ssl_read", "nj_req_ssl_read_ex", "nj_req_ssl_ret", "nj_req_ssl_ret_ex");
    private static final int CALL_UNTRACKED = 0;
    private static final int TLS_NO_CONNECTION = 1;
    private static final int COPY_FAILED = 2;
    private static final String REQUIREMENT = "the sock_send_length/sock_recv_length BTF tracepoints (kernel 6.3 or"
            + " newer, with BTF) and syscall tracepoints or raw_syscalls";

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final Function<EventSink, SocketChunkSink> parsers;
    private final int ringBytes;
    private final CgroupTree cgroups;
    private BpfObject object;
    private RequestAttachments attachments;
    private TlsProbes tls;
    private RingBuffer ring;
    private volatile SocketChunkSink sink;
    private volatile RecordDelivery delivery;
    private volatile RequestCapture capture = RequestCapture.newBuilder().setPath("off")
            .setReason("not started").build();
    private long lastTickNanos;

    /**
     * @param parsers builds the parsers around the sink this collector publishes into (called once, at start)
     */
    public RequestCollector(KernelCollectorsConfig config, Function<EventSink, SocketChunkSink> parsers) {
        this(config, parsers, LibBpf::system, 0);
    }

    /**
     * @param ringBytes the ring buffer's size (a power of two, at least a page); 0: the object's 4 MB
     */
    RequestCollector(KernelCollectorsConfig config, Function<EventSink, SocketChunkSink> parsers,
                     Supplier<LibBpf> libraries, int ringBytes) {
        super(Feature.FEATURE_REQUESTS, config.flushInterval());
        this.config = config;
        this.parsers = Objects.requireNonNull(parsers, "parsers");
        this.libraries = libraries;
        this.ringBytes = ringBytes;
        this.cgroups = new CgroupTree(config.cgroupRoot()
                .or(() -> CgroupRoot.fromMountinfo(config.procRoot().resolve("self/mountinfo")))
                .orElse(config.sysRoot().resolve("fs/cgroup")));
    }

    @Override
    protected String open() {
        sink = Objects.requireNonNull(parsers.apply(sink()), "the parsers' factory returned null");
        delivery = new RecordDelivery(sink, pid -> tls.processSeen(pid));
        String whyNoTls = load(libraries.get());
        tls = new TlsProbes(object, config.procRoot(), whyNoTls);
        attachments = new RequestAttachments(object);
        attachments.probe();
        ring = object.ringBuffer(RING);
        lastTickNanos = System.nanoTime();
        startPoller("nightjar-requests-poll", this::poll, POLL_MILLIS);
        String note = attachments.whyNotTracepoints();
        if (!whyNoTls.isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "TLS plaintext is not read: " + whyNoTls;
        }
        capture = captureNow(false);
        return note;
    }

    /**
     * Loads the object with its uprobe programs; if the kernel refuses them, loads it again
     * without and returns why (TLS plaintext is then not read); "" when they loaded.
     */
    private String load(LibBpf lib) {
        BpfObject full = open(lib);
        try {
            full.load();
            object = full;
            return "";
        } catch (BpfLoadException refused) {
            full.close();
            BpfObject withoutUprobes = open(lib);
            try {
                for (String program : UPROBE_PROGRAMS) {
                    withoutUprobes.program(program).setAutoload(false);
                }
                withoutUprobes.load();
            } catch (RuntimeException e) {
                withoutUprobes.close();
                throw e;
            }
            object = withoutUprobes;
            return "the kernel refused the uprobe programs (" + refused.errorText() + ")";
        }
    }

    private BpfObject open(LibBpf lib) {
        BpfObject opened = BpfObject.openEmbedded(lib, OBJECT);
        if (ringBytes > 0) {
            try {
                opened.map(RING).setMaxEntries(ringBytes);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        }
        return opened;
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("requests", "sock_send_length", REQUIREMENT, failure);
    }

    /**
     * The common filter maps, then this object's switch: on only for a filter that names
     * cgroups or pids or asks for the whole node. The parsers get the settings first, so
     * they are in force before the first chunk.
     */
    @Override
    protected void pushFilter(Filter filter) {
        boolean enabled = selectsTasks(filter);
        sink.configure(filter);
        KernelFilter.apply(object, filter);
        writeConfig(filter, enabled);
        if (enabled) {
            attachments.on();
        } else {
            attachments.off();
            // Nobody asks: no process pays a uprobe trap per TLS call. Forgetting who was
            // announced makes each process announce itself again when capture is back on.
            tls.detachAll();
            object.map(ANNOUNCED).drain((key, value) -> { });
        }
        capture = captureNow(enabled);
    }

    /** Whether a filter asks for any task's requests: it names cgroups or pids, or the whole node. */
    public static boolean selectsTasks(Filter filter) {
        return filter.getRequestsWholeNode() || filter.getPidsCount() > 0 || filter.getCgroupIdsCount() > 0;
    }

    /** The bytes copied per call: the filter's, or the default; never above the kernel's cap. */
    public static int captureBytes(Filter filter) {
        int asked = filter.getRequestMaxCaptureBytes();
        return asked == 0 ? DEFAULT_CAPTURE_BYTES : Math.min(asked, KERNEL_MAX_CAPTURE_BYTES);
    }

    private void writeConfig(Filter filter, boolean enabled) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment cfg = arena.allocate(RequestRecords.CONFIG_SIZE, 8);
            RequestRecords.config(cfg, (int) ProcessHandle.current().pid(), captureBytes(filter),
                    cgroups.depthMask(filter.getCgroupIdsList()), enabled, filter.getRequestsWholeNode());
            object.map(CONFIG_MAP).update(key, cfg, BpfMap.UpdateMode.ANY);
        }
    }

    private RequestCapture captureNow(boolean enabled) {
        RequestCapture.Builder now = RequestCapture.newBuilder()
                .setPath(enabled ? attachments.preferred().wireName : RequestAttachments.Path.OFF.wireName)
                .setMaxCaptureBytes(KERNEL_MAX_CAPTURE_BYTES)
                .addAllTlsLibraries(tls.describe());
        String reason = enabled ? attachments.whyNotTracepoints()
                : "no subscription asks for requests (attaches as "
                + attachments.preferred().wireName + " when one does)";
        if (!tls.unavailable().isEmpty()) {
            reason = (reason.isEmpty() ? "" : reason + "; ") + "TLS plaintext is not read: " + tls.unavailable();
        }
        if (sink instanceof RequestProtocols known) {
            now.addAllProtocols(known.protocols());
        }
        return now.setReason(reason).build();
    }

    @Override
    public void describe(SensorInfo.Builder info) {
        RequestCapture now = capture;
        if (tls != null) {
            now = now.toBuilder().clearTlsLibraries().addAllTlsLibraries(tls.describe()).build();
        }
        info.setRequestCapture(now);
    }

    /** The poller: every record in the ring (bounded per poll), then a tick when one is due. */
    private void poll() {
        SocketChunkSink parsers = sink;
        RecordDelivery records = delivery;
        RingBuffer r = ring;
        if (parsers == null || records == null || r == null) {
            return;
        }
        if (r.pendingBytes() > 0) {
            KernelClock clock = KernelClock.calibrate();
            r.drain(record -> records.deliver(record, clock), RECORDS_PER_POLL);
        }
        long now = System.nanoTime();
        if (now - lastTickNanos >= TICK_MILLIS * 1_000_000) {
            lastTickNanos = now;
            parsers.tick(KernelClock.calibrate().nowWallNanos());
        }
    }

    @Override
    protected void flush(EventSink events) {
        tls.forgetExited();
    }

    /**
     * Ring buffer full: chunks, closes and process announcements the kernel could not deliver.
     * Map full: calls whose state could not be kept, sockets without storage, TLS plaintext
     * whose socket was never seen, and buffers that could not be read.
     */
    @Override
    protected List<LossCounter> readLossCounters() {
        long kernelSide = KernelCounter.MAP_FULL.read(object)
                + KernelCounter.read(object, ERRORS_MAP, CALL_UNTRACKED)
                + KernelCounter.read(object, ERRORS_MAP, TLS_NO_CONNECTION)
                + KernelCounter.read(object, ERRORS_MAP, COPY_FAILED);
        return List.of(
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                        .setKind(EventKind.EVENT_KIND_REQUESTS).setLostTotal(kernelSide).build(),
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_REQUESTS)
                        .setLostTotal(KernelCounter.RINGBUF_FULL.read(object)).build());
    }

    @Override
    protected void release() {
        if (tls != null) {
            tls.detachAll();
        }
        attachments = null;
        if (object != null) {
            object.close(); // closes the ring buffer and links first
            object = null;
            ring = null;
        }
    }

    /** Chunks handed to the parsers since start. */
    public long chunksDelivered() {
        RecordDelivery records = delivery;
        return records == null ? 0 : records.chunks();
    }

    /** Closes handed to the parsers since start. */
    public long closesDelivered() {
        RecordDelivery records = delivery;
        return records == null ? 0 : records.closes();
    }

    /** The entry path in use now ("off", "tracepoint", "raw_syscalls"). */
    String path() {
        return capture.getPath();
    }

    /** Whether uprobes sit on this libssl path (as its process sees it). */
    boolean probesTls(String libraryPath) {
        return tls != null && tls.probes(libraryPath);
    }
}
