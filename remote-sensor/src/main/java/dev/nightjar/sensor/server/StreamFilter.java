package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.sensor.requests.RequestStreamNarrowing;
import dev.nightjar.sensor.security.policy.PolicySet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Narrows what the kernel delivered (the union of every stream's filter) to what
 * one stream asked for. The same fields the kernel filters on, with the same
 * meaning, so a stream alone on the sensor gets the same events with or
 * without this step:
 *
 * <ul>
 * <li>flows: ports (either side), the owner's cgroup (exactly), pid;</li>
 * <li>drops: ports, cgroup (exactly), noise reasons unless asked for; not pid
 *     (the kernel does not filter drops by pid: most have no owning task);</li>
 * <li>syscalls: the selected tasks (pid, or a cgroup at or below a selected one),
 *     the syscall set by name, and for spans the stream's own latency threshold;</li>
 * <li>profile: the selected tasks (none selected: every task);</li>
 * <li>requests: the selected tasks (for stats, the task at either end), the
 *     protocols, and for a Request the stream's own slow threshold, sample rate and
 *     masking ({@link RequestStreamNarrowing}: the union's apply in the kernel and
 *     the parsers, so a stream that did not ask for literals gets them masked again);</li>
 * <li>processes: everything;</li>
 * <li>security: the events of the stream's own policies (by name).</li>
 * </ul>
 *
 * Immutable; a stream whose targets change gets a new one.
 */
final class StreamFilter {

    /** Whether {@code cgroupId} is at or below {@code selectedId}. */
    interface CgroupAncestry {
        boolean isUnder(long cgroupId, long selectedId);
    }

    private final KindFilters filters;
    private final CgroupAncestry cgroups;
    private final Set<String> noiseDropReasons;
    private final Narrowing flows;
    private final Narrowing drops;
    private final Narrowing syscalls;
    private final Narrowing profile;
    private final Narrowing requests;
    private final RequestTarget requestTarget;
    /** The names of the security policies this stream runs (already checked by TargetRequests). */
    private final Set<String> securityPolicies;

    StreamFilter(KindFilters filters, CgroupAncestry cgroups, Set<String> noiseDropReasons) {
        this.filters = filters;
        this.cgroups = cgroups;
        this.noiseDropReasons = Set.copyOf(noiseDropReasons);
        this.flows = new Narrowing(filters.filter(EventKind.EVENT_KIND_FLOWS));
        this.drops = new Narrowing(filters.filter(EventKind.EVENT_KIND_DROPS));
        this.syscalls = new Narrowing(filters.filter(EventKind.EVENT_KIND_SYSCALLS));
        this.profile = new Narrowing(filters.filter(EventKind.EVENT_KIND_PROFILE));
        this.requests = new Narrowing(filters.filter(EventKind.EVENT_KIND_REQUESTS));
        Filter r = requests.filter;
        this.requestTarget = RequestTarget.newBuilder().setSlowThresholdNs(r.getRequestSlowThresholdNs())
                .setSampleRate(r.getRequestSampleRate()).addAllProtocols(r.getRequestProtocolsList())
                .setUnmaskLiterals(r.getRequestUnmaskLiterals()).build();
        this.securityPolicies = filters.wants(EventKind.EVENT_KIND_SECURITY)
                ? PolicySet.names(filters.filter(EventKind.EVENT_KIND_SECURITY).getSecurityPoliciesList()) : Set.of();
    }

    /**
     * The event as this stream receives it, or null when the stream does not get it: the kinds
     * and filters of {@link #accepts}, and a request narrowed to the stream's own settings.
     */
    SensorEvent narrow(EventKind kind, SensorEvent event) {
        if (!wants(kind) || !accepts(kind, event)) {
            return null;
        }
        return event.hasRequest() || event.hasRequestStats() ? RequestStreamNarrowing.narrow(requestTarget, event) : event;
    }

    KindFilters filters() {
        return filters;
    }

    boolean wants(EventKind kind) {
        return filters.wants(kind);
    }

    /** Whether this stream receives {@code event} of {@code kind} (a kind it asked for). */
    boolean accepts(EventKind kind, SensorEvent event) {
        return switch (event.getPayloadCase()) {
            case FLOW -> flow(event.getFlow());
            case DROP -> drop(event.getDrop());
            case SYSCALL_SPAN -> span(event.getSyscallSpan());
            case SYSCALL_HISTOGRAM -> histogram(event.getSyscallHistogram());
            case STACKS -> stacks(event.getStacks());
            case REQUEST -> request(event.getRequest());
            case REQUEST_STATS -> requestStats(event.getRequestStats());
            case SECURITY -> securityPolicies.contains(event.getSecurity().getPolicy());
            default -> filters.wants(kind);
        };
    }

    private boolean flow(FlowUpdate flow) {
        return flows.ports(flow.getTuple()) && flows.exactCgroup(flow.getCgroupId()) && flows.pid(flow.getPid());
    }

    private boolean drop(DropEvent drop) {
        return drops.ports(drop.getTuple()) && drops.exactCgroup(drop.getCgroupId())
                && (drops.filter.getIncludeNoiseDrops() || !noiseDropReasons.contains(drop.getReasonName()));
    }

    private boolean span(SyscallSpan span) {
        return span.getDurationNs() >= FilterUnion.thresholdNs(syscalls.filter)
                && syscalls.syscall(span.getSyscallName())
                && syscalls.selectedTask(span.getPid(), span.getCgroupId(), false, cgroups);
    }

    private boolean histogram(SyscallHistogram histogram) {
        return syscalls.syscall(histogram.getSyscallName())
                && syscalls.selectedTask(histogram.getPid(), histogram.getCgroupId(), false, cgroups);
    }

    private boolean stacks(StackSamples stacks) {
        return profile.selectedTask(stacks.getPid(), stacks.getCgroupId(), true, cgroups);
    }

    private boolean request(Request request) {
        return requests.protocol(request.getProtocol())
                && requests.selectedTask(request.getPid(), request.getCgroupId(), false, cgroups);
    }

    /** Stats count both ends: a stream gets them when its tasks hold either end on this node. */
    private boolean requestStats(RequestStats stats) {
        return requests.protocol(stats.getProtocol())
                && (requests.selectedTask(stats.getClientPid(), stats.getClientCgroupId(), false, cgroups)
                || requests.selectedTask(stats.getServerPid(), stats.getServerCgroupId(), false, cgroups));
    }

    /** One kind's filter, with its lists as sets. */
    private static final class Narrowing {
        final Filter filter;
        final Set<Integer> ports;
        final Set<Integer> pids;
        final Set<Long> cgroupIds;
        final Set<String> syscallNames;
        final Set<AppProtocol> protocols;

        Narrowing(Filter filter) {
            this.filter = filter;
            this.ports = new HashSet<>(filter.getPortsList());
            this.pids = new HashSet<>(filter.getPidsList());
            this.cgroupIds = new HashSet<>(filter.getCgroupIdsList());
            this.syscallNames = new HashSet<>(filter.getSyscallsList());
            this.protocols = new HashSet<>(filter.getRequestProtocolsList());
        }

        boolean ports(FiveTuple tuple) {
            return ports.isEmpty() || ports.contains(tuple.getSrcPort()) || ports.contains(tuple.getDstPort());
        }

        boolean exactCgroup(long cgroupId) {
            return cgroupIds.isEmpty() || cgroupIds.contains(cgroupId);
        }

        boolean pid(int pid) {
            return pids.isEmpty() || pids.contains(pid);
        }

        boolean syscall(String name) {
            return syscallNames.isEmpty() || syscallNames.contains(name);
        }

        boolean protocol(AppProtocol protocol) {
            return protocols.isEmpty() || protocols.contains(protocol);
        }

        /**
         * Task selections add up: the whole node, or a selected pid, or a cgroup at or below a
         * selected one. Nothing selected means nothing for syscalls, everything for profiles.
         */
        boolean selectedTask(int pid, long cgroupId, boolean noneMeansAll, CgroupAncestry tree) {
            if (filter.getSyscallsWholeNode() || filter.getRequestsWholeNode() || pids.contains(pid)) {
                return true;
            }
            if (pids.isEmpty() && cgroupIds.isEmpty()) {
                return noneMeansAll;
            }
            return cgroupIds.contains(cgroupId) || anyAncestor(cgroupId, tree);
        }

        private boolean anyAncestor(long cgroupId, CgroupAncestry tree) {
            LongPredicate under = selected -> tree.isUnder(cgroupId, selected);
            return cgroupId != 0 && cgroupIds.stream().anyMatch(under::test);
        }
    }
}
