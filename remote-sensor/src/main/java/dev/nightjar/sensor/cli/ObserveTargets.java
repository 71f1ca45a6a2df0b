package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.NetworkTarget;
import dev.nightjar.protocol.v1.ProcessTarget;
import dev.nightjar.protocol.v1.ProfileTarget;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SecurityTarget;
import dev.nightjar.protocol.v1.SyscallTarget;
import dev.nightjar.protocol.v1.TaskSelection;
import dev.nightjar.protocol.v1.Targets;
import java.util.List;

/**
 * {@code observe}'s options as protocol-2 Targets, used when requests are asked for (they exist
 * only as a target): each kind gets what the protocol-1 filter meant for it.
 */
final class ObserveTargets {

    private ObserveTargets() {
    }

    static Targets of(List<EventKind> kinds, Filter filter, RequestTarget requests) {
        Targets.Builder targets = Targets.newBuilder();
        NetworkTarget network = NetworkTarget.newBuilder().addAllPorts(filter.getPortsList())
                .addAllCgroupIds(filter.getCgroupIdsList()).addAllPids(filter.getPidsList())
                .setIncludeNoiseDrops(filter.getIncludeNoiseDrops()).build();
        for (EventKind kind : kinds) {
            switch (kind) {
                case EVENT_KIND_FLOWS -> targets.setFlows(network);
                case EVENT_KIND_DROPS -> targets.setDrops(network);
                case EVENT_KIND_SYSCALLS -> targets.setSyscalls(SyscallTarget.newBuilder()
                        .setTasks(tasks(filter.getSyscallsWholeNode(), filter.getPidsList(), filter.getCgroupIdsList()))
                        .setLatencyThresholdNs(filter.getSyscallLatencyThresholdNs())
                        .addAllSyscalls(filter.getSyscallsList()));
                case EVENT_KIND_PROFILE -> targets.setProfile(ProfileTarget.newBuilder()
                        .setTasks(tasks(filter.getPidsCount() + filter.getCgroupIdsCount() == 0,
                                filter.getPidsList(), filter.getCgroupIdsList()))
                        .setFrequencyHz(filter.getProfileFrequencyHz()));
                case EVENT_KIND_PROCESSES -> targets.setProcesses(ProcessTarget.getDefaultInstance());
                case EVENT_KIND_REQUESTS -> targets.setRequests(requests);
                case EVENT_KIND_SECURITY -> targets.setSecurity(SecurityTarget.newBuilder()
                        .addAllPoliciesYaml(filter.getSecurityPoliciesList()));
                default -> {
                    // not a kind observe offers
                }
            }
        }
        return targets.build();
    }

    static TaskSelection tasks(boolean wholeNode, List<? extends Number> pids, List<Long> cgroupIds) {
        TaskSelection.Builder tasks = TaskSelection.newBuilder().setWholeNode(wholeNode).addAllCgroupIds(cgroupIds);
        pids.forEach(p -> tasks.addPids(p.intValue()));
        return tasks.build();
    }
}
