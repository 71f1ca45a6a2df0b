package dev.nightjar.desktop.targets;

import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.NetworkTarget;
import dev.nightjar.protocol.v1.ProcessTarget;
import dev.nightjar.protocol.v1.ProfileTarget;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.SyscallTarget;
import dev.nightjar.protocol.v1.TaskSelection;
import dev.nightjar.protocol.v1.Targets;

/**
 * What a live session asks its sensor for: flows, drops, processes and requests of the whole
 * node always (a sensor before protocol 3 ignores the requests target and sends none); syscalls only of what the user chose (nothing until they choose: tracing every
 * syscall of a node is never an accident); CPU profiles of the whole node unless narrowed;
 * security events of the session's policies, if it chose any ({@link SecurityEvents}).
 *
 * @param syscalls the tasks whose syscalls are timed; null for none
 * @param profile  the tasks sampled on CPU
 * @param security the runtime security policies the sensor runs for this session
 */
public record TraceTargets(TaskChoice syscalls, TaskChoice profile, SecurityEvents security) {

    /** A new session's: no syscalls yet, profiles of the whole node, no security policies. */
    public static final TraceTargets DEFAULT = new TraceTargets(null, TaskChoice.WHOLE_NODE);

    public TraceTargets {
        java.util.Objects.requireNonNull(profile, "profile");
        java.util.Objects.requireNonNull(security, "security");
    }

    /** Without security events. */
    public TraceTargets(TaskChoice syscalls, TaskChoice profile) {
        this(syscalls, profile, SecurityEvents.OFF);
    }

    public TraceTargets withSyscalls(TaskChoice choice) {
        return new TraceTargets(choice, profile, security);
    }

    public TraceTargets withProfile(TaskChoice choice) {
        return new TraceTargets(syscalls, choice, security);
    }

    public TraceTargets withSecurity(SecurityEvents choice) {
        return new TraceTargets(syscalls, profile, choice);
    }

    /**
     * The subscription: {@code targets} for a protocol-2 sensor, and the closest protocol-1
     * request (kinds and one filter) for an older one, which ignores targets. That one filter
     * narrows every kind: a chosen process's syscalls come with only that process's flows and
     * profile (the session bar says so, see {@link #narrowsEverythingOnAnOldSensor()}).
     */
    public SubscribeRequest request() {
        Targets.Builder targets = Targets.newBuilder()
                .setFlows(NetworkTarget.getDefaultInstance())
                .setDrops(NetworkTarget.getDefaultInstance())
                .setProcesses(ProcessTarget.getDefaultInstance())
                // The sensor's defaults for capture size, slow threshold and sampling; literals masked.
                .setRequests(RequestTarget.newBuilder().setTasks(selection(TaskChoice.WHOLE_NODE)))
                .setProfile(ProfileTarget.newBuilder().setTasks(selection(profile)));
        // No EVENT_KIND_REQUESTS in kinds: only a protocol-1 sensor reads them, and it has no requests.
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder()
                .addKinds(EventKind.EVENT_KIND_FLOWS).addKinds(EventKind.EVENT_KIND_DROPS)
                .addKinds(EventKind.EVENT_KIND_PROFILE).addKinds(EventKind.EVENT_KIND_PROCESSES);
        if (syscalls != null) {
            targets.setSyscalls(SyscallTarget.newBuilder().setTasks(selection(syscalls)));
            request.addKinds(EventKind.EVENT_KIND_SYSCALLS);
        }
        // Targets only, like requests: a sensor before protocol 3 has no security events, and one of
        // protocol 3 without the "security-events" capability ignores the field (the page says so).
        security.target().ifPresent(targets::setSecurity);
        return request.setTargets(targets).setFilter(oldSensorFilter()).build();
    }

    private static TaskSelection selection(TaskChoice choice) {
        return TaskSelection.newBuilder().setWholeNode(choice.wholeNode()).addAllContainerIds(choice.containerIds())
                .addAllPids(choice.pids()).build();
    }

    /** Protocol 1's one filter: the syscall choice's tasks (else the profile's), which narrow every kind. */
    private Filter oldSensorFilter() {
        TaskChoice narrowing = syscalls != null ? syscalls : profile;
        Filter.Builder filter = Filter.newBuilder();
        if (syscalls != null && syscalls.wholeNode()) {
            filter.setSyscallsWholeNode(true);
        }
        if (!narrowing.wholeNode()) {
            filter.addAllPids(narrowing.pids()).addAllCgroupIds(narrowing.cgroupIds());
        }
        return filter.build();
    }

    /** Whether a protocol-1 sensor would narrow flows, drops and profiles to the chosen tasks too. */
    public boolean narrowsEverythingOnAnOldSensor() {
        TaskChoice narrowing = syscalls != null ? syscalls : profile;
        return !narrowing.wholeNode();
    }

    /**
     * What is traced, in words: "syscalls of nginx (4242) · CPU profile of the whole node", then
     * " · default security policies" when the session runs any.
     */
    public String describe() {
        return (syscalls == null ? "no syscalls traced" : "syscalls of " + syscalls.label())
                + " · CPU profile of " + profile.label()
                + (security.mode() == SecurityEvents.Mode.OFF ? "" : " · " + security.describe());
    }
}
