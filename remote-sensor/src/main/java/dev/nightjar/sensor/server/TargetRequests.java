package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.NetworkTarget;
import dev.nightjar.protocol.v1.ProfileTarget;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.SyscallTarget;
import dev.nightjar.protocol.v1.TaskSelection;
import dev.nightjar.protocol.v1.Targets;
import dev.nightjar.sensor.proc.CgroupTree;
import dev.nightjar.sensor.security.policy.PolicyException;
import dev.nightjar.sensor.security.policy.PolicySet;
import io.grpc.Status;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns what a client sent into per-kind filters ({@link KindFilters}):
 *
 * <ul>
 * <li>Protocol 1 ({@code kinds} + {@code filter}): every kind asked for (flows and
 *     drops when none) gets the one filter, as before.</li>
 * <li>Protocol 2 ({@code targets}): each target becomes its kind's filter. Containers
 *     are looked up in the cgroup hierarchy; an empty syscall set becomes the
 *     sensor's default set, {@code all_syscalls} the empty (every syscall) set.</li>
 * <li>Protocol 3 adds {@code requests}: its tasks become cgroup ids and pids (or
 *     {@code requests_whole_node}), its settings the filter's {@code request_*} fields.</li>
 * </ul>
 *
 * A target that cannot be honoured is refused with a status the client can show:
 * INVALID_ARGUMENT (selects no task, a malformed container id), NOT_FOUND (a
 * container not on this node).
 */
final class TargetRequests {

    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    private final CgroupTree cgroups;
    private final Supplier<List<String>> defaultSyscalls;

    /**
     * @param defaultSyscalls what an empty {@code SyscallTarget.syscalls} means (SensorInfo.syscall_tracing)
     */
    TargetRequests(CgroupTree cgroups, Supplier<List<String>> defaultSyscalls) {
        this.cgroups = cgroups;
        this.defaultSyscalls = defaultSyscalls;
    }

    KindFilters of(SubscribeRequest request) {
        if (request.hasTargets()) {
            return of(request.getTargets());
        }
        Map<EventKind, Filter> byKind = new EnumMap<>(EventKind.class);
        for (EventKind kind : RequestedKinds.of(request.getKindsList())) {
            byKind.put(kind, kind == EventKind.EVENT_KIND_SECURITY ? security(request.getFilter().getSecurityPoliciesList())
                    : request.getFilter());
        }
        return new KindFilters(byKind);
    }

    KindFilters of(Targets targets) {
        Map<EventKind, Filter> byKind = new EnumMap<>(EventKind.class);
        if (targets.hasFlows()) {
            byKind.put(EventKind.EVENT_KIND_FLOWS, network(targets.getFlows()));
        }
        if (targets.hasDrops()) {
            byKind.put(EventKind.EVENT_KIND_DROPS, network(targets.getDrops()));
        }
        if (targets.hasSyscalls()) {
            byKind.put(EventKind.EVENT_KIND_SYSCALLS, syscalls(targets.getSyscalls()));
        }
        if (targets.hasProfile()) {
            byKind.put(EventKind.EVENT_KIND_PROFILE, profile(targets.getProfile()));
        }
        if (targets.hasProcesses()) {
            byKind.put(EventKind.EVENT_KIND_PROCESSES, Filter.getDefaultInstance());
        }
        if (targets.hasRequests()) {
            byKind.put(EventKind.EVENT_KIND_REQUESTS, requests(targets.getRequests()));
        }
        if (targets.hasSecurity()) {
            byKind.put(EventKind.EVENT_KIND_SECURITY, security(targets.getSecurity().getPoliciesYamlList()));
        }
        if (byKind.isEmpty()) {
            throw invalid("the targets name no kind: set at least one of flows, drops, syscalls, profile, processes,"
                    + " requests, security");
        }
        return new KindFilters(byKind);
    }

    /** The stream's policies (the default set when it names none), each checked: INVALID_ARGUMENT names the first refused. */
    private static Filter security(List<String> policies) {
        try {
            return Filter.newBuilder().addAllSecurityPolicies(PolicySet.resolve(policies)).build();
        } catch (PolicyException e) {
            throw invalid("security target: " + e.getMessage());
        }
    }

    private static Filter network(NetworkTarget target) {
        return Filter.newBuilder().addAllPorts(target.getPortsList()).addAllCgroupIds(target.getCgroupIdsList())
                .addAllPids(target.getPidsList()).setIncludeNoiseDrops(target.getIncludeNoiseDrops()).build();
    }

    private Filter syscalls(SyscallTarget target) {
        Filter.Builder filter = tasks("syscalls", target.getTasks())
                .setSyscallLatencyThresholdNs(target.getLatencyThresholdNs());
        if (target.getAllSyscalls()) {
            if (target.getSyscallsCount() > 0) {
                throw invalid("syscalls target: all_syscalls and a list of syscalls exclude each other");
            }
            return filter.build(); // an empty set: every syscall
        }
        List<String> names = target.getSyscallsCount() > 0 ? target.getSyscallsList() : defaultSyscalls.get();
        if (names.isEmpty()) {
            throw Status.FAILED_PRECONDITION.withDescription("syscalls target: this sensor has no default syscall set"
                    + " (syscall tracing is not running); name the syscalls or set all_syscalls").asRuntimeException();
        }
        return filter.addAllSyscalls(new LinkedHashSet<>(names)).build();
    }

    private Filter profile(ProfileTarget target) {
        Filter.Builder filter = tasks("profile", target.getTasks()).setProfileFrequencyHz(target.getFrequencyHz());
        if (filter.getSyscallsWholeNode()) {
            // Profile filters mean the whole node when they name no task (protocol 1's meaning).
            filter.clearSyscallsWholeNode().clearPids().clearCgroupIds();
        }
        return filter.build();
    }

    private Filter requests(RequestTarget target) {
        double rate = target.getSampleRate();
        if (!(rate >= 0 && rate <= 1)) {
            throw invalid("requests target: sample_rate " + rate + " is not a share between 0 and 1");
        }
        Filter.Builder filter = tasks("requests", target.getTasks());
        if (filter.getSyscallsWholeNode()) {
            filter.clearSyscallsWholeNode().setRequestsWholeNode(true);
        }
        return filter.setRequestMaxCaptureBytes(target.getMaxCaptureBytes())
                .setRequestSlowThresholdNs(target.getSlowThresholdNs())
                .setRequestSampleRate(rate)
                .addAllRequestProtocols(new LinkedHashSet<>(target.getProtocolsList()))
                .setRequestUnmaskLiterals(target.getUnmaskLiterals())
                .build();
    }

    private Filter.Builder tasks(String kind, TaskSelection tasks) {
        boolean named = tasks.getPidsCount() > 0 || tasks.getCgroupIdsCount() > 0 || tasks.getContainerIdsCount() > 0;
        if (!tasks.getWholeNode() && !named) {
            throw invalid(kind + " target selects no task: name pods (cgroup ids), containers or pids, or set"
                    + " whole_node");
        }
        Filter.Builder filter = Filter.newBuilder();
        if (tasks.getWholeNode()) {
            return filter.setSyscallsWholeNode(true);
        }
        for (int pid : tasks.getPidsList()) {
            if (pid <= 0) {
                throw invalid(kind + " target: pid " + Integer.toUnsignedString(pid) + " is not a process id");
            }
        }
        Set<Long> cgroupIds = new LinkedHashSet<>(tasks.getCgroupIdsList());
        for (String container : tasks.getContainerIdsList()) {
            if (!CONTAINER_ID.matcher(container).matches()) {
                throw invalid(kind + " target: container id '" + container + "' is not 64 lower-case hex digits"
                        + " (as in ProcessInfo.container_id)");
            }
            List<Long> found = cgroups.containerCgroups(container);
            if (found.isEmpty()) {
                throw Status.NOT_FOUND.withDescription(kind + " target: container " + container.substring(0, 12)
                        + " is not running on this node (no cgroup of it found)").asRuntimeException();
            }
            cgroupIds.addAll(found);
        }
        return filter.addAllPids(tasks.getPidsList()).addAllCgroupIds(cgroupIds);
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
