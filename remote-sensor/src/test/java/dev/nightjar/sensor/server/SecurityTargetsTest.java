package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.Targets;
import dev.nightjar.sensor.proc.CgroupTree;
import dev.nightjar.sensor.security.policy.DefaultPolicies;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Targets.security through the server: defaults, refusals, the union and each stream's own policies. */
class SecurityTargetsTest {

    private static final String ONE = policy("one", "/proc/sys/kernel");
    private static final String TWO = policy("two", "/sys/kernel");

    private final TargetRequests requests = new TargetRequests(new CgroupTree(Path.of("/nonexistent")), List::of);

    static String policy(String name, String prefix) {
        return "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: " + name + "\nspec:\n"
                + "  kprobes:\n  - call: security_file_open\n    args:\n    - index: 0\n      type: file\n"
                + "    selectors:\n    - matchArgs:\n      - index: 0\n        operator: Prefix\n"
                + "        values: [" + prefix + "]\n";
    }

    private static SensorEvent event(String policy) {
        return SensorEvent.newBuilder().setSecurity(SecurityEvent.newBuilder().setPolicy(policy)).build();
    }

    @Test
    void aTargetWithoutPoliciesRunsTheDefaultSet() {
        KindFilters filters = requests.of(Targets.newBuilder().setSecurity(SecurityTarget.getDefaultInstance()).build());
        assertThat(filters.filter(EventKind.EVENT_KIND_SECURITY).getSecurityPoliciesList())
                .isEqualTo(DefaultPolicies.yaml());
    }

    @Test
    void protocolOneKindsGetTheDefaultSetToo() {
        KindFilters filters = requests.of(SubscribeRequest.newBuilder().addKinds(EventKind.EVENT_KIND_SECURITY).build());
        assertThat(filters.filter(EventKind.EVENT_KIND_SECURITY).getSecurityPoliciesList()).hasSize(
                DefaultPolicies.NAMES.size());
    }

    @Test
    void aPolicyOutsideTheSubsetIsInvalidArgumentNamingItsPlace() {
        Targets targets = Targets.newBuilder().setSecurity(SecurityTarget.newBuilder().addPoliciesYaml(ONE)
                .addPoliciesYaml(TWO.replace("Prefix", "Regex"))).build();
        assertThatThrownBy(() -> requests.of(targets)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("security target: policy 2 of 2 refused: line 14,"
                    + " spec.kprobes[0].selectors[0].matchArgs[0].operator: operator 'Regex' is not in the subset"
                    + " (Prefix, Postfix, Equal, NotEqual)");
        });
    }

    @Test
    void theKernelRunsEveryStreamsPoliciesOnceAndEachStreamGetsOnlyItsOwn() {
        Filter first = Filter.newBuilder().addSecurityPolicies(ONE).build();
        Filter second = Filter.newBuilder().addSecurityPolicies(ONE).addSecurityPolicies(TWO).build();
        assertThat(FilterUnion.of(EventKind.EVENT_KIND_SECURITY, List.of(first, second)).getSecurityPoliciesList())
                .containsExactly(ONE, TWO);

        StreamFilter onlyOne = new StreamFilter(new KindFilters(java.util.Map.of(EventKind.EVENT_KIND_SECURITY, first)),
                (a, b) -> false, Set.of());
        assertThat(onlyOne.accepts(EventKind.EVENT_KIND_SECURITY, event("one"))).isTrue();
        assertThat(onlyOne.accepts(EventKind.EVENT_KIND_SECURITY, event("two"))).isFalse();
    }
}
