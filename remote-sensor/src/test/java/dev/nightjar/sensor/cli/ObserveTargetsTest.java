package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.TaskSelection;
import dev.nightjar.protocol.v1.Targets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests exist only as a target, and a sensor given targets ignores kinds and filter: every kind must be in them. */
class ObserveTargetsTest {

    @Test
    void requestsWithSecurityCarryTheSecurityPoliciesAndFlowsTheirPorts() {
        RequestTarget requests = RequestTarget.newBuilder().setTasks(TaskSelection.newBuilder().setWholeNode(true)).build();
        Filter filter = Filter.newBuilder().addPorts(8080).addSecurityPolicies("kind: TracingPolicy").build();
        Targets targets = ObserveTargets.of(List.of(EventKind.EVENT_KIND_REQUESTS, EventKind.EVENT_KIND_SECURITY,
                EventKind.EVENT_KIND_FLOWS), filter, requests);
        assertThat(targets.getRequests()).isEqualTo(requests);
        assertThat(targets.hasSecurity()).isTrue();
        assertThat(targets.getSecurity().getPoliciesYamlList()).containsExactly("kind: TracingPolicy");
        assertThat(targets.getFlows().getPortsList()).containsExactly(8080);
        assertThat(targets.hasDrops()).isFalse();
    }
}
