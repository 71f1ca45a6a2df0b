package dev.nightjar.sensor.security;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecurityHooks;
import dev.nightjar.protocol.v1.SecuritySeverity;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.collect.EventSink;
import dev.nightjar.sensor.collect.FailureReasons;
import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.collect.KernelCollector;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.collect.KernelCounter;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import dev.nightjar.sensor.libbpf.RingBuffer;
import dev.nightjar.sensor.proc.ContainerIds;
import dev.nightjar.sensor.proc.ProcFiles;
import dev.nightjar.sensor.security.policy.Hook;
import dev.nightjar.sensor.security.policy.PolicyException;
import dev.nightjar.sensor.security.policy.PolicyParser;
import dev.nightjar.sensor.security.policy.PolicyRule;
import dev.nightjar.sensor.security.policy.SecurityPolicy;
import dev.nightjar.sensor.security.policy.Selector;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runtime security events (FEATURE_SECURITY): file opens, execs, privilege and namespace
 * changes and sensitive syscalls, matched against the TracingPolicy subset the streams asked
 * for (Filter.security_policies, the union). Observe only.
 *
 * <p>File opens are filtered in the kernel by path prefix and rate-limited there per (process,
 * matching rules); watched syscalls per (process, call) and connects per (process, destination
 * address) likewise; they are matched against the policies here, and rate-limited once more per
 * (policy, process). A suppressed
 * count is sent as a summary event at the next flush, so events plus suppressed counts add up
 * to every match.
 *
 * <p>Two threads: the drain copies records out of the ring into a bounded {@link RecordQueue}
 * and does nothing else, so the ring is freed at the pace the kernel fills it; the enrichment
 * thread takes them in order and does what may be slow (the process tree's /proc reads for
 * processes that started before the sensor, a published event's cwd and container id). Records
 * that overflow the queue are counted as lost at stage SENSOR_QUEUE, next to the ring's own.
 */
public final class SecurityCollector extends KernelCollector {

    static final String CONFIG_MAP = "nj_sec_cfg";
    static final String PREFIX_MAP = "nj_sec_prefixes";
    static final String RATE_MAP = "nj_sec_rate";
    static final String EVENTS = "nj_sec_events";
    /** Events per (policy, process) per window before the rest are only counted. */
    static final int BURST = 10;
    static final long WINDOW_NS = Duration.ofSeconds(1).toNanos();
    private static final long POLL_MILLIS = 10;
    private static final int RECORDS_PER_POLL = 4096;
    /** Copies of records waiting for enrichment, at most: about 11,000 fork/exit records, or 1,400 with paths. */
    static final long QUEUE_BYTES = 2L << 20;
    private static final int MAX_REMEMBERED_KEYS = 8192;
    private static final String REQUIREMENT = "syscall tracepoints (syscalls:sys_enter_openat) and the sched BTF"
            + " tracepoints (kernel 5.5 or newer, with BTF)";

    private final KernelCollectorsConfig config;
    private final Supplier<LibBpf> libraries;
    private final ProcessTree tree;
    private final SelectorMatch selectors;
    private final UserRateLimiter userRate = new UserRateLimiter(BURST, WINDOW_NS);
    private final RecordQueue queue = new RecordQueue(QUEUE_BYTES);
    /** Per kernel rate key (tgid, call, mask): the policies its last sent event matched, and the suppressed count reported. */
    private final Map<RateKey, Reported> reported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RateKey, Reported> eldest) {
            return size() > MAX_REMEMBERED_KEYS;
        }
    };
    /**
     * Guards the process tree, the rate limiter and the reported counts, and the order records
     * are taken from the queue in: records are handled on the enrichment thread and on the flush
     * thread (which handles what is queued once more before it reports).
     */
    private final Object treeLock = new Object();
    private volatile RuleTable table = new RuleTable(List.of());
    private volatile SecurityHooks hooks = SecurityHooks.newBuilder().setFileOpen("off").build();
    private EventSink eventSink;
    private Set<String> prefixKeysInMap = Set.of();
    private BpfObject object;
    private SecurityAttachments attachments;
    private RingBuffer ring;
    private SecurityStacks stacks;

    /**
     * nj_sec_rate_key: call is 0 for opens (mask: their rules), a syscall's index in CALLS otherwise
     * (mask 0; for connects the destination address, SecurityRecords.connectRateMask).
     */
    private record RateKey(int tgid, int call, long mask) {
    }

    /** What a kernel rate key's last sent event matched, and how much of its suppressed total was reported. */
    private static final class Reported {
        SecurityEventKind kind = SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN;
        List<MatchedRule> matched = List.of();
        ProcessTree.Node process;
        long suppressedReported;
    }

    private record MatchedRule(PolicyRule rule, Selector selector) {
    }

    public SecurityCollector(KernelCollectorsConfig config) {
        this(config, LibBpf::system);
    }

    SecurityCollector(KernelCollectorsConfig config, Supplier<LibBpf> libraries) {
        super(Feature.FEATURE_SECURITY, config.flushInterval());
        this.config = config;
        this.libraries = libraries;
        this.tree = new ProcessTree(config.procRoot());
        this.selectors = new SelectorMatch(NamespaceInodes.host(config.procRoot()));
    }

    @Override
    protected String open() {
        FileOpenHook.Loaded loaded = FileOpenHook.load(libraries.get());
        object = loaded.object();
        attachments = new SecurityAttachments(object, FileOpenHook.unused(loaded.kind()));
        // Proves the programs attach here; pushFilter detaches them again while no stream runs a policy.
        attachments.attach();
        List<String> missing = attachments.missing();
        attachments.detach();
        ring = object.ringBuffer(EVENTS);
        // Half the profiler's symbol share, on top of it (out of the budget's working share): a table
        // bigger than the bound is re-read for every event, and libjvm's (about 4.2 MB) must fit
        // with -Xmx64m (4.8 MiB); security stacks come from the few processes a policy matched.
        stacks = new SecurityStacks(config.procRoot(), KernelSymbols.load(config.procRoot()),
                config.memory().symbolCacheBytes() / 2);
        hooks = SecurityHooks.newBuilder().setFileOpen(loaded.kind().wireName).setFileOpenReason(loaded.reason())
                .addHooks("exec, fork, exit: tp_btf/sched_process_exec, sched_process_fork, sched_process_exit"
                        + " (exit events from the last)")
                .addHooks("privilege: tracepoints syscalls/sys_exit_setuid, setreuid, setresuid, capset; exec of a"
                        + " setuid binary")
                .addHooks("namespaces and sensitive calls: tracepoints syscalls/sys_enter_setns, unshare, mount,"
                        + " ptrace, bpf, init_module, finit_module")
                .addHooks("outbound connects: tp_btf/inet_sock_set_state (TCP entering SYN_SENT)")
                .setStacksSymbolized(true)
                .build();
        if (!missing.isEmpty()) {
            hooks = hooks.toBuilder().addHooks("not attached, no such tracepoint here: " + String.join(", ", missing))
                    .build();
        }
        eventSink = sink();
        startPoller("nightjar-security-events", this::drain, POLL_MILLIS);
        startPoller("nightjar-security-enrich", this::enrich, POLL_MILLIS);
        return loaded.kind() == FileOpenHook.Kind.TRACEPOINT
                ? "file opens through the openat/openat2 tracepoints: " + loaded.reason() : "";
    }

    @Override
    protected String describeFailure(RuntimeException failure) {
        return FailureReasons.describe("security events", "sys_enter_openat", REQUIREMENT, failure);
    }

    /** Every policy must parse and the union must fit the kernel's masks; otherwise the policies in force stay. */
    @Override
    protected void validate(Filter filter) {
        compile(filter.getSecurityPoliciesList());
    }

    static RuleTable compile(List<String> documents) {
        List<SecurityPolicy> policies = new ArrayList<>();
        Map<String, String> byName = new HashMap<>();
        for (String yaml : documents) {
            SecurityPolicy policy = PolicyParser.parse(yaml);
            String before = byName.putIfAbsent(policy.name(), yaml);
            if (before != null && !before.equals(yaml)) {
                throw new PolicyException("two different policies are named " + policy.name()
                        + "; rename one (metadata.name)");
            }
            if (before == null) {
                policies.add(policy);
            }
        }
        return new RuleTable(policies);
    }

    @Override
    protected void pushFilter(Filter filter) {
        RuleTable next = compile(filter.getSecurityPoliciesList());
        BpfMap prefixes = object.map(PREFIX_MAP);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(SecurityRecords.PATH_KEY_SIZE, 8);
            MemorySegment value = arena.allocate(SecurityRecords.PREFIX_VALUE_SIZE, 8);
            Set<String> keys = new java.util.HashSet<>();
            for (RuleTable.PrefixEntry entry : next.prefixEntries()) {
                SecurityRecords.pathKey(key, entry.key());
                SecurityRecords.prefixValue(value, entry.prefixMask(), entry.equalMask(),
                        entry.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                prefixes.update(key, value, BpfMap.UpdateMode.ANY);
                keys.add(entry.key());
            }
            for (String old : prefixKeysInMap) {
                if (!keys.contains(old)) {
                    SecurityRecords.pathKey(key, old);
                    prefixes.delete(key);
                }
            }
            prefixKeysInMap = keys;
            MemorySegment zero = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment cfg = arena.allocate(SecurityRecords.CONFIG_SIZE, 8);
            SecurityRecords.config(cfg, next.allOpensMask(), next.kernelStackMask(), next.userStackMask(), WINDOW_NS,
                    BURST, (int) ProcessHandle.current().pid(), next.hasFileRules(), next.callMask());
            object.map(CONFIG_MAP).update(zero, cfg, BpfMap.UpdateMode.ANY);
        }
        if (next.policies().isEmpty()) {
            attachments.detach();
        } else {
            attachments.attach();
        }
        table = next;
        hooks = hooks.toBuilder().clearPolicies()
                .addAllPolicies(next.policies().stream().map(SecurityPolicy::name).toList()).build();
    }

    @Override
    public void describe(SensorInfo.Builder info) {
        info.setSecurityHooks(hooks);
    }

    /** Copies what the kernel wrote into the queue: nothing here may wait on anything but memory. */
    private void drain() {
        RingBuffer r = ring;
        if (r == null || r.pendingBytes() == 0) {
            return;
        }
        r.drain(record -> queue.offer(record.toArray(ValueLayout.JAVA_BYTE)), RECORDS_PER_POLL);
    }

    /** Handles queued records in order, a bounded batch at a time. */
    private void enrich() {
        EventSink sink = eventSink;
        if (sink == null) {
            return;
        }
        KernelClock clock = KernelClock.calibrate();
        synchronized (treeLock) {
            for (int i = 0; i < RECORDS_PER_POLL; i++) {
                byte[] record = queue.poll();
                if (record == null) {
                    return;
                }
                handle(SecurityRecords.event(MemorySegment.ofArray(record)), clock, sink);
            }
        }
    }

    private void handle(SecurityRecords.Event e, KernelClock clock, EventSink sink) {
        long time = clock.toWallNanos(e.ktimeNs());
        switch (e.type()) {
            case SecurityRecords.FORK -> tree.fork(e);
            case SecurityRecords.EXIT -> exit(e, time, sink);
            case SecurityRecords.OPEN -> fileOpen(e, time, sink);
            case SecurityRecords.EXEC -> exec(e, time, sink);
            case SecurityRecords.CREDS -> creds(e, time, sink);
            case SecurityRecords.SYSCALL -> syscall(e, time, sink);
            case SecurityRecords.CONNECT -> connect(e, time, sink);
            default -> { }
        }
    }

    private void fileOpen(SecurityRecords.Event e, long time, EventSink sink) {
        ProcessTree.Node process = tree.observe(e);
        RuleTable rules = table;
        List<MatchedRule> matched = new ArrayList<>();
        for (int bit = 0; bit < rules.fileBits().size(); bit++) {
            if ((e.ruleMask() & (1L << bit)) == 0) {
                continue;
            }
            RuleTable.FileBit fb = rules.fileBit(bit);
            if (selectors.matches(fb.selector(), process, e.path())
                    && matched.stream().noneMatch(m -> m.rule().policy().equals(fb.rule().policy()))) {
                matched.add(new MatchedRule(fb.rule(), fb.selector()));
            }
        }
        remember(new RateKey(e.pid(), 0, e.ruleMask()), SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN, matched,
                process);
        for (MatchedRule m : matched) {
            publish(sink, base(m.rule(), SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN, process, e, time)
                    .setPath(e.path()).setHook(hooks.getFileOpen()), m.selector(), e);
        }
    }

    /** What a kernel rate key's events matched last, for the summary of what the kernel suppresses after them. */
    private void remember(RateKey key, SecurityEventKind kind, List<MatchedRule> matched, ProcessTree.Node process) {
        Reported memo = reported.computeIfAbsent(key, k -> new Reported());
        memo.kind = kind;
        memo.matched = matched;
        memo.process = process;
    }

    private void exec(SecurityRecords.Event e, long time, EventSink sink) {
        ProcessTree.Node before = tree.snapshot(e.pid());
        tree.exec(e);
        ProcessTree.Node process = tree.get(e.pid());
        for (PolicyRule rule : table.otherRules()) {
            if (rule.hook() == Hook.EXEC) {
                Selector selector = firstMatch(rule, process, e.path());
                if (selector != NO_MATCH && admit(rule, e.pid())) {
                    publish(sink, base(rule, SecurityEventKind.SECURITY_EVENT_KIND_EXEC, process, e, time)
                            .setPath(e.path()).setHook("tp_btf/sched_process_exec"), selector, e);
                }
            }
        }
        if (before != null && raised(before, process)) {
            privilege(e, time, sink, process, "exec " + e.path() + ": " + change(before, process));
        }
    }

    /**
     * Reported from what the tree knew of the process (its binary, argv, parents), which then
     * forgets it. A process the tree never saw (it started before the stream and did nothing
     * since) is not reported: /proc no longer says who it was.
     */
    private void exit(SecurityRecords.Event e, long time, EventSink sink) {
        if (tree.get(e.pid()) != null) {
            ProcessTree.Node process = tree.observe(e);
            for (PolicyRule rule : table.otherRules()) {
                if (rule.hook() != Hook.EXIT) {
                    continue;
                }
                Selector selector = firstMatch(rule, process, process.binary);
                if (selector != NO_MATCH && admit(rule, e.pid())) {
                    publish(sink, base(rule, SecurityEventKind.SECURITY_EVENT_KIND_EXIT, process, e, time)
                            .setPath(process.binary).addArgs(exitStatus(e.args()[0]))
                            .setHook("tp_btf/sched_process_exit"), selector, e);
                }
            }
        }
        tree.exit(e.pid());
        stacks.forget(e.pid());
    }

    /** The kernel's exit_code in wait(2)'s encoding: the status in bits 8-15, or a signal in the low 7. */
    static String exitStatus(long exitCode) {
        int signal = (int) (exitCode & 0x7f);
        return signal == 0 ? "exit code " + ((exitCode >> 8) & 0xff) : "killed by signal " + signal
                + ((exitCode & 0x80) != 0 ? " (core dumped)" : "");
    }

    private void creds(SecurityRecords.Event e, long time, EventSink sink) {
        ProcessTree.Node before = tree.snapshot(e.pid());
        ProcessTree.Node process = tree.observe(e);
        if (before == null || raised(before, process)) {
            privilege(e, time, sink, process, e.call() + ": " + (before == null ? "now uid " + process.uid + " euid "
                    + process.euid : change(before, process)));
        }
    }

    private void privilege(SecurityRecords.Event e, long time, EventSink sink, ProcessTree.Node process, String what) {
        for (PolicyRule rule : table.otherRules()) {
            if (rule.hook() == Hook.PRIVILEGE) {
                Selector selector = firstMatch(rule, process, process.binary);
                if (selector != NO_MATCH && admit(rule, e.pid())) {
                    publish(sink, base(rule, SecurityEventKind.SECURITY_EVENT_KIND_PRIVILEGE_CHANGE, process, e, time)
                            .setPath(process.binary).addArgs(what)
                            .setHook(e.type() == SecurityRecords.EXEC ? "tp_btf/sched_process_exec"
                                    : "tracepoint syscalls/sys_exit_" + e.call()), selector, e);
                }
            }
        }
    }

    /**
     * Raised to root (uid or euid 0 from non-zero) or capabilities gained in the permitted set. Not
     * the effective set: moving permitted capabilities into it (capset after PR_SET_KEEPCAPS, as
     * setpriv does) uses what the process already had.
     */
    static boolean raised(ProcessTree.Node before, ProcessTree.Node after) {
        boolean toRoot = (after.euid == 0 && before.euid != 0) || (after.uid == 0 && before.uid != 0);
        boolean moreCaps = (after.capPermitted & ~before.capPermitted) != 0;
        return toRoot || moreCaps;
    }

    private static String change(ProcessTree.Node before, ProcessTree.Node after) {
        return "uid " + before.uid + " -> " + after.uid + ", euid " + before.euid + " -> " + after.euid
                + ", permitted capabilities 0x" + Long.toHexString(before.capPermitted) + " -> 0x"
                + Long.toHexString(after.capPermitted);
    }

    private void syscall(SecurityRecords.Event e, long time, EventSink sink) {
        ProcessTree.Node process = tree.observe(e);
        boolean namespace = e.call().equals("setns") || e.call().equals("unshare");
        SecurityEventKind kind = namespace ? SecurityEventKind.SECURITY_EVENT_KIND_NAMESPACE_CHANGE
                : SecurityEventKind.SECURITY_EVENT_KIND_SENSITIVE_SYSCALL;
        List<MatchedRule> matched = new ArrayList<>();
        for (PolicyRule rule : table.otherRules()) {
            boolean hookFits = namespace ? rule.hook() == Hook.NAMESPACE : rule.hook() == Hook.SENSITIVE_SYSCALL;
            if (!hookFits || !Hook.syscallOf(rule.call()).equals(e.call())) {
                continue;
            }
            Selector selector = firstMatch(rule, process, e.path());
            if (selector != NO_MATCH) {
                matched.add(new MatchedRule(rule, selector));
            }
            if (selector != NO_MATCH && admit(rule, e.pid())) {
                SecurityEvent.Builder event = base(rule, kind, process, e, time)
                        .setPath(e.path().isEmpty() ? e.call() : e.path())
                        .setHook("tracepoint syscalls/sys_enter_" + e.call());
                event.addAllArgs(SyscallArgs.describe(e.call(), e.args()));
                publish(sink, event, selector, e);
            }
        }
        remember(new RateKey(e.pid(), SecurityRecords.CALLS.indexOf(e.call()), 0), kind, matched, process);
    }

    /** A TCP connect: matched against the connect rules' destination ranges (DAddr, NotDAddr). */
    private void connect(SecurityRecords.Event e, long time, EventSink sink) {
        ProcessTree.Node process = tree.observe(e);
        java.net.InetAddress address = SecurityRecords.connectAddress(e.args());
        String literal = address.getHostAddress();
        long port = e.args()[1];
        String destination = (literal.contains(":") ? "[" + literal + "]" : literal) + ":" + port;
        List<MatchedRule> matched = new ArrayList<>();
        for (PolicyRule rule : table.otherRules()) {
            if (rule.hook() != Hook.CONNECT) {
                continue;
            }
            Selector selector = firstMatch(rule, process, literal);
            if (selector != NO_MATCH) {
                matched.add(new MatchedRule(rule, selector));
            }
            if (selector != NO_MATCH && admit(rule, e.pid())) {
                publish(sink, base(rule, SecurityEventKind.SECURITY_EVENT_KIND_OUTBOUND_CONNECT, process, e, time)
                        .setPath(destination).addArgs("daddr=" + literal).addArgs("dport=" + port)
                        .setHook("tp_btf/inet_sock_set_state"), selector, e);
            }
        }
        // The kernel counts this process's further connects to the same address under this key.
        remember(new RateKey(e.pid(), SecurityRecords.CALLS.indexOf("connect"), SecurityRecords.connectRateMask(e.args())),
                SecurityEventKind.SECURITY_EVENT_KIND_OUTBOUND_CONNECT, matched, process);
    }

    /** A selector that stands for "no selector of the rule matched". */
    private static final Selector NO_MATCH = new Selector(List.of(), List.of(), List.of(), List.of(), false, false);

    /** The first selector that matches; null when the rule has none (it matches everything); NO_MATCH otherwise. */
    private Selector firstMatch(PolicyRule rule, ProcessTree.Node process, String path) {
        if (rule.selectors().isEmpty()) {
            return null;
        }
        for (Selector s : rule.selectors()) {
            if (selectors.matches(s, process, path)) {
                return s;
            }
        }
        return NO_MATCH;
    }

    private boolean admit(PolicyRule rule, int pid) {
        return userRate.admit(new UserRateLimiter.Key(rule.policy(), pid), KernelClock.nowMonotonicNanos());
    }

    private SecurityEvent.Builder base(PolicyRule rule, SecurityEventKind kind, ProcessTree.Node process,
                                       SecurityRecords.Event e, long time) {
        SecurityEvent.Builder event = SecurityEvent.newBuilder().setTimeNs(time).setPolicy(rule.policy())
                .setSeverity(severity(rule.severity())).setKind(kind).setCall(rule.call())
                .setProcess(process.toProto().setCwd(tree.cwd(process.pid)))
                .addAllAncestors(tree.ancestors(process))
                .setCgroupId(e.cgroupId()).setNetnsInode(e.namespaces()[0]);
        containerId(process.pid).ifPresent(event::setContainerId);
        return event;
    }

    private java.util.Optional<String> containerId(int pid) {
        try {
            String cgroup = ProcFiles.readString(config.procRoot().resolve(pid + "/cgroup"), 4096);
            return ContainerIds.fromCgroupPath(cgroup.strip());
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private void publish(EventSink sink, SecurityEvent.Builder event, Selector selector, SecurityRecords.Event e) {
        if (selector != null && selector.kernelStack()) {
            event.addAllKernelStack(stacks.kernelFrames(e.kernelStack()));
        }
        if (selector != null && selector.userStack()) {
            event.addAllUserStack(stacks.userFrames(e));
        }
        sink.publish(SensorEvent.newBuilder().setTimestampNs(event.getTimeNs()).setSecurity(event).build());
    }

    private static SecuritySeverity severity(String name) {
        return switch (name) {
            case "info" -> SecuritySeverity.SECURITY_SEVERITY_INFO;
            case "critical" -> SecuritySeverity.SECURITY_SEVERITY_CRITICAL;
            default -> SecuritySeverity.SECURITY_SEVERITY_WARNING;
        };
    }

    @Override
    protected void flush(EventSink sink) {
        drain();
        enrichAll();
        long now = KernelClock.calibrate().nowWallNanos();
        synchronized (treeLock) {
            reportSuppressed(sink, now);
        }
    }

    /** Handles every record queued now (at most what the queue can hold), so a flush reports all before it. */
    private void enrichAll() {
        int batches = (int) (QUEUE_BYTES / SecurityRecords.HEAD_SIZE / RECORDS_PER_POLL) + 1;
        for (int i = 0; i < batches && queue.size() > 0; i++) {
            enrich();
        }
    }

    /** Both rate limits' suppressed counts since the last report, as summary events. */
    private void reportSuppressed(EventSink sink, long now) {
        reportKernelSuppressed(sink, now);
        for (UserRateLimiter.Suppressed s : userRate.takeSuppressed()) {
            ProcessTree.Node process = tree.get(s.key().pid());
            SecurityEvent.Builder summary = SecurityEvent.newBuilder().setTimeNs(now).setPolicy(s.key().policy())
                    .setSummary(true).setSuppressedCount(s.count());
            summary.setProcess(process == null ? dev.nightjar.protocol.v1.SecurityProcess.newBuilder()
                    .setPid(s.key().pid()) : process.toProto());
            sink.publish(SensorEvent.newBuilder().setTimestampNs(now).setSecurity(summary).build());
        }
    }

    /** The kernel's suppressed totals grew since the last report: one summary per policy the key's events matched. */
    private void reportKernelSuppressed(EventSink sink, long now) {
        object.map(RATE_MAP).forEach((key, value) -> {
            RateKey rateKey = new RateKey(key.get(ValueLayout.JAVA_INT, 0), key.get(ValueLayout.JAVA_INT, 4),
                    key.get(ValueLayout.JAVA_LONG, 8));
            long suppressed = value.get(ValueLayout.JAVA_LONG, 16);
            Reported memo = reported.get(rateKey);
            if (memo == null || suppressed <= memo.suppressedReported) {
                return;
            }
            long delta = suppressed - memo.suppressedReported;
            memo.suppressedReported = suppressed;
            for (MatchedRule m : memo.matched) {
                sink.publish(SensorEvent.newBuilder().setTimestampNs(now).setSecurity(SecurityEvent.newBuilder()
                        .setTimeNs(now).setPolicy(m.rule().policy()).setSeverity(severity(m.rule().severity()))
                        .setKind(memo.kind).setCall(m.rule().call())
                        .setProcess(memo.process.toProto()).setSummary(true).setSuppressedCount(delta)).build());
            }
        });
    }

    @Override
    protected List<LossCounter> readLossCounters() {
        return List.of(LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_SECURITY).setLostTotal(KernelCounter.RINGBUF_FULL.read(object)).build(),
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_MAP_FULL)
                        .setKind(EventKind.EVENT_KIND_SECURITY).setLostTotal(KernelCounter.MAP_FULL.read(object)).build(),
                LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_SENSOR_QUEUE)
                        .setKind(EventKind.EVENT_KIND_SECURITY).setLostTotal(queue.dropped()).build());
    }

    /** What the kernel's rate limit has suppressed so far for a process, over all its keys; for tests. */
    long kernelSuppressed(int pid) {
        long[] total = {0};
        object.map(RATE_MAP).forEach((key, value) -> {
            if (key.get(ValueLayout.JAVA_INT, 0) == pid) {
                total[0] += value.get(ValueLayout.JAVA_LONG, 16);
            }
        });
        return total[0];
    }

    /** Whether the programs are attached now (only while a stream runs a policy); for tests. */
    boolean attached() {
        SecurityAttachments now = attachments;
        return now != null && now.attached();
    }

    /** Processes the tree holds now (bounded by ProcessTree.MAX_PROCESSES); for tests. */
    int processesKnown() {
        synchronized (treeLock) {
            return tree.size();
        }
    }

    @Override
    protected void release() {
        if (attachments != null) {
            attachments.detach();
            attachments = null;
        }
        if (stacks != null) {
            stacks.close(); // releases the caches; a record handled after this would read afresh
        }
        if (object != null) {
            object.close();
            object = null;
            ring = null;
        }
    }
}
