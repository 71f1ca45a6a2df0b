package dev.nightjar.desktop.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.security.SecurityEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each sensor's targets in a session, and how a choice and what is traced read with one node or several. */
class TargetsByNodeTest {

    private static final TaskChoice NGINX_ON_B = TaskChoice.process("node-b", 4242, "nginx");

    @Test
    void aSessionWithOneSensorKeepsOneSetOfTargetsAndNamesNoNode() {
        TargetsByNode one = TargetsByNode.ONE_SENSOR;
        String sensor = one.sensorOf(NGINX_ON_B);

        TargetsByNode next = one.with(sensor, one.of(sensor).withSyscalls(NGINX_ON_B));

        assertThat(sensor).as("whatever node the row named: there is one sensor").isEmpty();
        assertThat(next.name(NGINX_ON_B)).isEqualTo("nginx (4242)");
        assertThat(next.describe()).isEqualTo("syscalls of nginx (4242) · CPU profile of the whole node");
        assertThat(one.describe()).isEqualTo("no syscalls traced · CPU profile of the whole node");
    }

    @Test
    void aClusterSessionChangesOnlyTheChosenNodesTargetsAndSaysWhichNodeIsWhich() {
        TargetsByNode cluster = TargetsByNode.cluster(3);
        assertThat(cluster.sensorOf(NGINX_ON_B)).isEqualTo("node-b");
        assertThat(cluster.describe()).isEqualTo("every node: no syscalls traced · CPU profile of the whole node");

        TargetsByNode next = cluster.with("node-b", cluster.of("node-b").withSyscalls(NGINX_ON_B))
                .with("node-a", cluster.of("node-a").withProfile(TaskChoice.process("node-a", 7, "java")));

        assertThat(next.of("node-b").syscalls()).isEqualTo(NGINX_ON_B);
        assertThat(next.of("node-b").profile().wholeNode()).isTrue();
        assertThat(next.of("node-c")).as("a node nobody chose on").isEqualTo(TraceTargets.DEFAULT);
        assertThat(next.narrowedProfiles()).containsExactly("node-a");
        assertThat(next.name(NGINX_ON_B)).isEqualTo("nginx (4242) on node-b");
        assertThat(next.name(TaskChoice.wholeNode("node-a"))).isEqualTo("the whole node on node-a");
        assertThat(next.describe()).isEqualTo("node-a: no syscalls traced · CPU profile of java (7); node-b: syscalls"
                + " of nginx (4242) · CPU profile of the whole node; other nodes: no syscalls traced · CPU profile of"
                + " the whole node");
    }

    @Test
    void aClusterOfOneNodeRoutesByNodeButNeedNotNameIt() {
        TargetsByNode single = TargetsByNode.cluster(1);
        TargetsByNode next = single.with("node-b", single.of("node-b").withSyscalls(NGINX_ON_B));

        assertThat(single.sensorOf(NGINX_ON_B)).isEqualTo("node-b");
        assertThat(next.name(NGINX_ON_B)).isEqualTo("nginx (4242)");
        assertThat(next.describe()).isEqualTo("syscalls of nginx (4242) · CPU profile of the whole node");
        assertThat(List.of(TaskChoice.WHOLE_NODE.knowsNode(), NGINX_ON_B.knowsNode())).containsExactly(false, true);
    }

    @Test
    void theSessionsSecurityPoliciesAreEveryNodesIncludingNodesThatJoinLater() {
        TargetsByNode chosen = TargetsByNode.cluster(2)
                .with("node-b", TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("node-b", 4242, "nginx")));

        TargetsByNode secured = chosen.withSecurity(SecurityEvents.DEFAULT_POLICIES);

        assertThat(secured.security()).isEqualTo(SecurityEvents.DEFAULT_POLICIES);
        assertThat(secured.of("node-b").security()).isEqualTo(SecurityEvents.DEFAULT_POLICIES);
        assertThat(secured.of("node-b").syscalls().pids()).as("its own choice stays").containsExactly(4242);
        assertThat(secured.of("node-z").security()).as("a node nobody chose on").isEqualTo(SecurityEvents.DEFAULT_POLICIES);
        assertThat(secured.describe()).contains("other nodes: no syscalls traced · CPU profile of the whole node"
                + " · default security policies");
        assertThat(secured.withSecurity(SecurityEvents.OFF).of("node-z")).isEqualTo(TraceTargets.DEFAULT);
    }
}
