package dev.nightjar.desktop.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.security.PolicyFile;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a live session asks its sensor for, in protocol 2's targets and in protocol 1's one filter. */
class TraceTargetsTest {

    @Test
    void aNewSessionAsksForNoSyscallsAndProfilesTheWholeNode() {
        SubscribeRequest request = TraceTargets.DEFAULT.request();

        assertThat(request.getKindsList()).containsExactlyInAnyOrder(EventKind.EVENT_KIND_FLOWS,
                EventKind.EVENT_KIND_DROPS, EventKind.EVENT_KIND_PROFILE, EventKind.EVENT_KIND_PROCESSES);
        assertThat(request.getTargets().hasSyscalls()).isFalse();
        assertThat(request.getTargets().getProfile().getTasks().getWholeNode()).isTrue();
        assertThat(request.getTargets().hasFlows()).isTrue();
        // An old sensor: no pid or cgroup narrows anything, and syscalls stay off.
        assertThat(request.getFilter().getPidsList()).isEmpty();
        assertThat(request.getFilter().getCgroupIdsList()).isEmpty();
        assertThat(request.getFilter().getSyscallsWholeNode()).isFalse();
        assertThat(TraceTargets.DEFAULT.narrowsEverythingOnAnOldSensor()).isFalse();
        assertThat(TraceTargets.DEFAULT.describe()).isEqualTo("no syscalls traced · CPU profile of the whole node");
    }

    @Test
    void requestsOfTheWholeNodeAreAskedForInTargetsOnlyWhateverIsTraced() {
        for (TraceTargets targets : java.util.List.of(TraceTargets.DEFAULT,
                TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("node-a", 4242, "nginx")).withProfile(TaskChoice.process("node-a", 1, "x")))) {
            SubscribeRequest request = targets.request();
            assertThat(request.getTargets().hasRequests()).isTrue();
            assertThat(request.getTargets().getRequests().getTasks().getWholeNode()).isTrue();
            assertThat(request.getTargets().getRequests().getUnmaskLiterals()).as("literals masked").isFalse();
            // kinds are for protocol-1 sensors, which have no requests (and may refuse a kind they do not know).
            assertThat(request.getKindsList()).doesNotContain(EventKind.EVENT_KIND_REQUESTS);
        }
    }

    @Test
    void aChosenProcessIsTracedByPidInBothProtocols() {
        TraceTargets targets = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("node-a", 4242, "nginx"));
        SubscribeRequest request = targets.request();

        assertThat(request.getKindsList()).contains(EventKind.EVENT_KIND_SYSCALLS);
        assertThat(request.getTargets().getSyscalls().getTasks().getPidsList()).containsExactly(4242);
        assertThat(request.getTargets().getSyscalls().getTasks().getWholeNode()).isFalse();
        assertThat(request.getTargets().getProfile().getTasks().getWholeNode()).as("profile unchanged").isTrue();
        assertThat(request.getFilter().getPidsList()).containsExactly(4242);
        assertThat(targets.narrowsEverythingOnAnOldSensor()).isTrue();
        assertThat(targets.describe()).startsWith("syscalls of nginx (4242)");
    }

    @Test
    void aPodIsTracedByItsContainersAndAnOldSensorByTheirCgroups() {
        TaskChoice pod = TaskChoice.containers("node-a", "pod shop/cart-0", Set.of("c1", "c2"), Set.of(77L));
        SubscribeRequest request = TraceTargets.DEFAULT.withSyscalls(pod).withProfile(pod).request();

        assertThat(request.getTargets().getSyscalls().getTasks().getContainerIdsList()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(request.getTargets().getProfile().getTasks().getContainerIdsList()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(request.getTargets().getProfile().getTasks().getWholeNode()).isFalse();
        assertThat(request.getFilter().getCgroupIdsList()).containsExactly(77L);
    }

    @Test
    void theWholeNodesSyscallsAreAskedForExplicitly() {
        SubscribeRequest request = TraceTargets.DEFAULT.withSyscalls(TaskChoice.WHOLE_NODE).request();

        assertThat(request.getTargets().getSyscalls().getTasks().getWholeNode()).isTrue();
        assertThat(request.getFilter().getSyscallsWholeNode()).isTrue();
        assertThat(request.getFilter().getPidsList()).isEmpty();
    }

    @Test
    void aChoiceNamesSomething() {
        assertThatThrownBy(() -> TaskChoice.containers("node-a", "pod x/y", Set.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pod x/y");
    }

    @Test
    void securityPoliciesAreAskedForInTargetsOnlyAndOnlyWhenChosen() {
        assertThat(TraceTargets.DEFAULT.security()).isEqualTo(SecurityEvents.OFF);
        assertThat(TraceTargets.DEFAULT.request().getTargets().hasSecurity()).isFalse();

        SubscribeRequest defaults = TraceTargets.DEFAULT.withSecurity(SecurityEvents.DEFAULT_POLICIES).request();
        assertThat(defaults.getTargets().hasSecurity()).isTrue();
        assertThat(defaults.getTargets().getSecurity().getPoliciesYamlList()).as("empty: the sensor's defaults").isEmpty();
        assertThat(defaults.getKindsList()).as("protocol-1 sensors have none").doesNotContain(EventKind.EVENT_KIND_SECURITY);

        TraceTargets files = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("node-a", 4242, "nginx"))
                .withSecurity(SecurityEvents.of(List.of(new PolicyFile("a.yaml", "kind: A"),
                        new PolicyFile("b.yaml", "kind: B"))));
        assertThat(files.request().getTargets().getSecurity().getPoliciesYamlList()).containsExactly("kind: A", "kind: B");
        assertThat(files.withProfile(TaskChoice.process("node-a", 1, "x")).security()).as("kept by other choices")
                .isEqualTo(files.security());
        assertThat(files.describe()).endsWith(" · security policies from a.yaml, b.yaml");
    }
}
