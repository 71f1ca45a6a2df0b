package dev.nightjar.sensor.profile;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.FeatureUnavailableException;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.collect.MemoryBudget;
import dev.nightjar.sensor.collect.KernelFilter;
import dev.nightjar.sensor.libbpf.BpfLink;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.Errno;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.Libc;
import dev.nightjar.sensor.libbpf.PerfEvent;
import dev.nightjar.sensor.libbpf.RingBuffer;
import dev.nightjar.sensor.proc.CgroupTree;
import dev.nightjar.sensor.proc.ProcessDetails;
import dev.nightjar.sensor.proc.ProcessResolver;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * CPU profile: a CPU-clock sampler on every online CPU (bpf/profile.bpf.c),
 * read out once per flush interval as one {@link StackSamples} per process,
 * folded stacks over a frame table, root first.
 *
 * <p>Sampling runs only while a subscription asks for {@link EventKind#EVENT_KIND_PROFILE}
 * ({@link #setWanted(boolean)}); otherwise the perf events are closed and cost nothing.
 * The frequency is the filter's {@code profile_frequency_hz} (0: {@value #DEFAULT_FREQUENCY_HZ} Hz),
 * clamped to {@value #MAX_FREQUENCY_HZ} Hz. Tasks: all when the filter names none; else the named
 * pids and the tasks in or below the named cgroups, added up. A process sampled for the first time is
 * announced through a ring buffer that is read every {@value #FIRST_SIGHT_POLL_MILLIS} ms
 * and handed to {@link StackSymbolizer#remember(int)} and the process resolver, so a
 * process that exits before the interval ends is still named.
 *
 * <p>Bounded: at most {@value #MAX_STACKS_PER_INTERVAL} distinct stacks per interval (the most
 * sampled ones); the samples of the rest are counted as lost at stage SENSOR_QUEUE.
 */
public final class ProfileCollector extends KernelCollector {

    public static final String OBJECT = "profile";
    public static final int DEFAULT_FREQUENCY_HZ = 99;
    public static final int MAX_FREQUENCY_HZ = 1000;
    static final String PROGRAM = "nj_prof_sample";
    static final String CONFIG_MAP = "nj_prof_cfg";
    static final String ERRORS_MAP = "nj_prof_errors";
    static final String SEEN_MAP = "nj_prof_seen";
    static final String FIRST_SIGHTS = "nj_prof_new_pids";
    static final long FIRST_SIGHT_POLL_MILLIS = 50;
    static final int MAX_STACKS_PER_INTERVAL = 5000;
    private static final int FIRST_SIGHTS_PER_POLL = 1024;
    /** Odd, so the sweeps alternate between the two slots. */
    static final int FULL_SWEEP_EVERY = 15;
    private static final int PROCESS_CACHE = 4096;
    /** A perf_event program runs for microseconds; after a slot switch this lets the ones in flight finish. */
    private static final long SLOT_SWITCH_GRACE_NANOS = 1_000_000;
    private static final String REQUIREMENT = "perf_event programs on a CPU-clock perf event (kernel 4.9 or newer)";

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final Function<Path, StackSymbolizer> symbolizers;
    private final AtomicLong samplesCut = new AtomicLong();
    private final AtomicLong stacksPublished = new AtomicLong();
    private final Object sampling = new Object();
    private BpfObject object;
    private RingBuffer firstSights;
    private StackSymbolizer symbolizer;
    private ProcessResolver processes;
    private CgroupTree cgroups;
    /** Bit n: a cgroup of the filter is at depth n (see CgroupTree.depthMask). */
    private volatile int cgroupDepths;
    private SeenProcesses seen;
    private List<Integer> cpus = List.of();
    private final List<BpfLink> links = new ArrayList<>();
    private volatile boolean wanted;
    private volatile int frequencyHz = DEFAULT_FREQUENCY_HZ;
    private int attachedFrequencyHz;
    /** The idle task (pid 0) is sampled only when the filter names pid 0: otherwise idle CPUs would fill profiles. */
    private volatile boolean includeIdle;
    private int slot;
    private int intervalsSinceSweep;
    private volatile long intervalStartWall;

    public ProfileCollector(KernelCollectorsConfig config) {
        this(config, LibBpf::system, procRoot -> ProfileSymbolizers.create(procRoot, config.memory().symbolCacheBytes()));
    }

    ProfileCollector(KernelCollectorsConfig config, Supplier<LibBpf> libraries,
                     Function<Path, StackSymbolizer> symbolizers) {
        super(Feature.FEATURE_PROFILE, config.flushInterval());
        this.config = config;
        this.libraries = libraries;
        this.symbolizers = symbolizers;
    }

    @Override
    protected String open() {
        LibBpf lib = libraries.get();
        cpus = OnlineCpus.read(config.sysRoot());
        object = BpfObject.openEmbedded(lib, OBJECT);
        object.load();
        firstSights = object.ringBuffer(FIRST_SIGHTS);
        Path cgroupRoot = config.cgroupRoot().or(() -> CgroupRoot.fromMountinfo(config.procRoot().resolve("self/mountinfo")))
                .orElse(config.sysRoot().resolve("fs/cgroup"));
        processes = new ProcessResolver(config.procRoot(), cgroupRoot, Math.min(PROCESS_CACHE,
                MemoryBudget.entries(config.memory().processCacheBytes() / 4, ProcessResolver.MAX_ENTRY_BYTES, 256)));
        cgroups = new CgroupTree(cgroupRoot);
        symbolizer = symbolizers.apply(config.procRoot());
        seen = new SeenProcesses(symbolizer, processes, config.procRoot());
        intervalStartWall = KernelClock.calibrate().nowWallNanos();
        synchronized (sampling) {
            // Proves the perf events open and the program attaches here; off again until a subscriber wants it.
            attach(frequencyHz);
            detach();
        }
        startPoller("nightjar-profile-first-sight", this::drainFirstSights, FIRST_SIGHT_POLL_MILLIS);
        return ProfileSymbolizers.namesUserFrames(symbolizer) ? ""
                : "user frames unnamed: only the kallsyms fallback symbolizer runs";
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        if (failure instanceof FeatureUnavailableException) {
            return "profile off: " + failure.getMessage();
        }
        return FailureReasons.describe("profile", "perf_event", REQUIREMENT, failure);
    }

    /** Switches sampling on while some subscription asks for profiles; off closes the perf events. */
    public void setWanted(boolean on) {
        wanted = on;
        if (isRunning()) {
            reconcile();
        }
    }

    /** On exactly while some subscription asks for {@link EventKind#EVENT_KIND_PROFILE}. */
    @Override
    public void applyKinds(Set<EventKind> kinds) {
        setWanted(kinds.contains(EventKind.EVENT_KIND_PROFILE));
    }

    public boolean wanted() {
        return wanted;
    }

    /** Whether the perf events are open and attached now. */
    public boolean sampling() {
        synchronized (sampling) {
            return !links.isEmpty();
        }
    }

    /** The frequency the samplers run at when on. */
    public int frequencyHz() {
        return frequencyHz;
    }

    @Override
    protected void pushFilter(Filter filter) {
        KernelFilter.apply(object, filter);
        int asked = filter.getProfileFrequencyHz();
        frequencyHz = asked == 0 ? DEFAULT_FREQUENCY_HZ : Math.min(asked, MAX_FREQUENCY_HZ);
        includeIdle = filter.getPidsList().contains(0);
        cgroupDepths = cgroups.depthMask(filter.getCgroupIdsList());
        reconcile();
    }

    private void reconcile() {
        synchronized (sampling) {
            if (object == null) {
                return;
            }
            boolean on = wanted;
            if (on && (links.isEmpty() || attachedFrequencyHz != frequencyHz)) {
                detach();
                attach(frequencyHz);
            } else if (!on) {
                detach();
            }
            writeConfig(on);
        }
    }

    /** One sampler per online CPU, each with the program attached; all or none. */
    private void attach(int hz) {
        try {
            for (int cpu : cpus) {
                PerfEvent event;
                try {
                    event = PerfEvent.cpuClockSampler(cpu, hz);
                } catch (Libc.LibcException e) {
                    boolean denied = e.errno() == Errno.EACCES || e.errno() == Errno.EPERM;
                    throw new FeatureUnavailableException("cannot open a CPU-clock perf event on CPU " + cpu + " ("
                            + Libc.strerror(e.errno()) + "); " + (denied
                            ? "run the sensor as root or with CAP_PERFMON (kernel.perf_event_paranoid decides what"
                                    + " an unprivileged process may sample)"
                            : "the kernel lists this CPU as online but cannot sample it; check "
                                    + config.sysRoot().resolve("devices/system/cpu/online")));
                }
                try (event) { // after a successful attach the link owns the fd and this close does nothing
                    links.add(object.program(PROGRAM).attachPerfEvent(event));
                }
            }
            attachedFrequencyHz = hz;
        } catch (RuntimeException e) {
            detach();
            throw e;
        }
    }

    private void detach() {
        BpfLink.closeNewestFirst(links);
    }

    private void writeConfig(boolean enabled) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment cfg = arena.allocate(ProfileRecords.CONFIG_BYTES, 8);
            ProfileRecords.config(cfg, enabled, slot, includeIdle, cgroupDepths);
            object.map(CONFIG_MAP).update(key, cfg, BpfMap.UpdateMode.ANY);
        }
    }

    private void drainFirstSights() {
        RingBuffer ring = firstSights;
        if (ring == null || ring.pendingBytes() == 0) {
            return;
        }
        List<Integer> fresh = new ArrayList<>();
        ring.drain(record -> fresh.add(ProfileRecords.firstSightTgid(record)), FIRST_SIGHTS_PER_POLL);
        fresh.forEach(seen::firstSight);
    }

    @Override
    protected void flush(EventSink sink) {
        drainFirstSights();
        int readSlot;
        synchronized (sampling) {
            readSlot = slot;
            slot ^= 1;
            writeConfig(!links.isEmpty());
        }
        LockSupport.parkNanos(SLOT_SWITCH_GRACE_NANOS);
        long start = intervalStartWall;
        long end = KernelClock.calibrate().nowWallNanos();
        intervalStartWall = end;

        List<ProfileRecords.Sample> samples = new ArrayList<>();
        object.map("nj_prof_counts" + readSlot).drain((k, v) -> samples.add(ProfileRecords.sample(k, v)));
        Map<Integer, long[]> stacks = takeStacks(object.map("nj_prof_stacks" + readSlot), samples);
        if (!samples.isEmpty()) {
            publish(sink, samples, stacks, start, end);
        }
        forgetExited();
    }

    /**
     * Reads and removes the stacks the interval's counts name: one lookup-and-delete per stack
     * id. Every {@value #FULL_SWEEP_EVERY} intervals the whole map is emptied as well, for ids no
     * count names (a sample whose count found its map full): they would otherwise stay and
     * collide with new stacks.
     */
    private Map<Integer, long[]> takeStacks(BpfMap map, List<ProfileRecords.Sample> samples) {
        Map<Integer, long[]> stacks = new HashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment value = arena.allocate(map.valueSize(), 8);
            for (ProfileRecords.Sample s : samples) {
                for (int id : new int[] {s.userStackId(), s.kernelStackId()}) {
                    if (id < 0 || stacks.containsKey(id)) {
                        continue;
                    }
                    key.set(ValueLayout.JAVA_INT, 0, id);
                    stacks.put(id, map.lookupAndDelete(key, value) ? ProfileRecords.stack(value) : null);
                }
            }
        }
        if (++intervalsSinceSweep >= FULL_SWEEP_EVERY) {
            intervalsSinceSweep = 0;
            map.drain((k, v) -> { });
        }
        return stacks;
    }

    private void publish(EventSink sink, List<ProfileRecords.Sample> samples, Map<Integer, long[]> stacks,
                         long start, long end) {
        samples.sort(Comparator.comparingLong(ProfileRecords.Sample::count).reversed());
        Map<Integer, ProcessStacks> byProcess = new LinkedHashMap<>();
        Map<Integer, ProfileRecords.Sample> firstOf = new HashMap<>();
        ProcessStacks.Memo memo = new ProcessStacks.Memo();
        long cut = 0;
        synchronized (symbolizer) {
            for (int i = 0; i < samples.size(); i++) {
                ProfileRecords.Sample s = samples.get(i);
                if (i >= MAX_STACKS_PER_INTERVAL) {
                    cut += s.count();
                    continue;
                }
                List<SymbolizedFrame> user = s.userStackId() >= 0
                        ? memo.get(s.tgid(), s.userStackId(), () -> symbolizeUser(s.tgid(), stacks.get(s.userStackId())))
                        : List.of();
                List<SymbolizedFrame> kernel = s.kernelStackId() >= 0
                        ? memo.get(0, s.kernelStackId(), () -> symbolizeKernel(stacks.get(s.kernelStackId())))
                        : List.of();
                if (user.isEmpty() && kernel.isEmpty()) {
                    user = List.of(new SymbolizedFrame("[no stack]", FrameKind.FRAME_KIND_UNKNOWN));
                }
                byProcess.computeIfAbsent(s.tgid(), pid -> new ProcessStacks()).add(user, kernel, s.count());
                firstOf.putIfAbsent(s.tgid(), s);
            }
        }
        samplesCut.addAndGet(cut);
        for (Map.Entry<Integer, ProcessStacks> entry : byProcess.entrySet()) {
            int pid = entry.getKey();
            ProfileRecords.Sample first = firstOf.get(pid);
            StackSamples.Builder message = entry.getValue().toProto()
                    .setPid(pid).setComm(first.comm()).setCgroupId(first.cgroupId())
                    .setFrequencyHz(attachedFrequencyHz == 0 ? frequencyHz : attachedFrequencyHz)
                    .setIntervalStartNs(start).setIntervalEndNs(end);
            if (pid != 0) {
                Optional<ProcessDetails> details = processes.resolve(pid);
                details.ifPresent(d -> message.setContainerId(d.containerId()));
            }
            sink.publish(SensorEvent.newBuilder().setTimestampNs(end).setStacks(message).build());
            stacksPublished.incrementAndGet();
        }
    }

    private List<SymbolizedFrame> symbolizeUser(int pid, long[] addresses) {
        if (addresses == null) {
            return List.of(new SymbolizedFrame("[user stack lost]", FrameKind.FRAME_KIND_UNKNOWN));
        }
        return symbolizer.userFrames(pid, addresses, addresses.length);
    }

    private List<SymbolizedFrame> symbolizeKernel(long[] addresses) {
        if (addresses == null) {
            return List.of(new SymbolizedFrame("[kernel stack lost]", FrameKind.FRAME_KIND_KERNEL));
        }
        return symbolizer.kernelFrames(addresses, addresses.length);
    }

    /** Forgets processes gone since the last flush; their pid leaves the kernel's seen set, so a new process with it is announced again. */
    private void forgetExited() {
        List<Integer> forgotten = seen.forgetExited();
        if (forgotten.isEmpty()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            for (int pid : forgotten) {
                key.set(ValueLayout.JAVA_INT, 0, pid);
                object.map(SEEN_MAP).delete(key);
            }
        }
    }

    @Override
    protected List<LossCounter> readLossCounters() {
        long collisions = ProfileCounter.STACK_COLLISION.read(object) + ProfileCounter.STACK_OTHER.read(object);
        return List.of(
                loss(LossStage.LOSS_STAGE_KERNEL_MAP_FULL, KernelCounter.MAP_FULL.read(object) + collisions),
                loss(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER, KernelCounter.RINGBUF_FULL.read(object)),
                loss(LossStage.LOSS_STAGE_SENSOR_QUEUE, samplesCut.get()));
    }

    private static LossCounter loss(LossStage stage, long total) {
        return LossCounter.newBuilder().setStage(stage).setKind(EventKind.EVENT_KIND_PROFILE).setLostTotal(total).build();
    }

    @Override
    protected void release() {
        synchronized (sampling) {
            detach();
            if (object != null) {
                object.close(); // closes the ring buffer and links first
                object = null;
                firstSights = null;
            }
        }
        if (symbolizer != null) {
            symbolizer.close();
        }
    }

    /** StackSamples messages published since start. */
    public long stacksPublished() {
        return stacksPublished.get();
    }

    /** Samples left out because an interval had more than {@value #MAX_STACKS_PER_INTERVAL} distinct stacks. */
    public long samplesCut() {
        return samplesCut.get();
    }

    /** The kernel's count of samples whose user stack could not be read (-EFAULT), e.g. no frame pointers. */
    public long userStacksMissing() {
        return object == null ? 0 : ProfileCounter.USER_STACK_MISSING.read(object);
    }

    /** The symbolizer in use (the full one, or the kallsyms-only fallback). */
    public StackSymbolizer symbolizer() {
        return symbolizer;
    }
}
