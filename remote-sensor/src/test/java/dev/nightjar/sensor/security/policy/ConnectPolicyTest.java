package dev.nightjar.sensor.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Connect rules: their destination ranges (DAddr, NotDAddr), and the cluster's default ranges. */
class ConnectPolicyTest {

    private static String connect(String selectors) {
        return "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: egress\nspec:\n  kprobes:\n"
                + "  - call: tcp_connect\n    args:\n    - index: 0\n      type: sock\n" + selectors;
    }

    private static boolean matches(PolicyRule rule, String address) {
        return rule.selectors().stream().allMatch(s -> s.args().stream().allMatch(a -> a.test(address)));
    }

    @Test
    void withoutRangesOnlyConnectsOutOfTheDefaultClusterRangesMatch() {
        PolicyRule rule = PolicyParser.parse(connect("")).rules().getFirst();
        assertThat(rule.hook()).isEqualTo(Hook.CONNECT);
        assertThat(rule.selectors()).singleElement().satisfies(s -> assertThat(s.args()).containsExactly(
                new Selector.ArgMatch(0, ArgOperator.NOT_DADDR, Cidr.DEFAULT_CLUSTER_RANGES)));
        assertThat(matches(rule, "203.0.113.7")).isTrue();
        assertThat(matches(rule, "2001:db8::1")).isTrue();
        for (String inside : new String[] {"127.0.0.1", "::1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "fd00::5"}) {
            assertThat(matches(rule, inside)).as(inside).isFalse();
        }
        assertThat(matches(rule, "172.32.0.1")).as("just past 172.16.0.0/12").isTrue();
    }

    @Test
    void aSelectorsOwnRangesReplaceTheDefault() {
        PolicyRule rule = PolicyParser.parse(connect("    selectors:\n    - matchArgs:\n      - index: 0\n"
                + "        operator: NotDAddr\n        values: [100.64.0.0/10, 127.0.0.1]\n")).rules().getFirst();
        assertThat(matches(rule, "100.100.1.1")).isFalse();
        assertThat(matches(rule, "10.1.2.3")).as("not in this policy's ranges").isTrue();
        PolicyRule only = PolicyParser.parse(connect("    selectors:\n    - matchArgs:\n      - index: 0\n"
                + "        operator: DAddr\n        values: [198.51.100.0/24]\n")).rules().getFirst();
        assertThat(matches(only, "198.51.100.9")).isTrue();
        assertThat(matches(only, "203.0.113.7")).isFalse();
    }

    @Test
    void badRangesAndPathOperatorsOnConnectsAreRefused() {
        String ranges = "    selectors:\n    - matchArgs:\n      - index: 0\n        operator: %s\n        values: [%s]\n";
        assertThatThrownBy(() -> PolicyParser.parse(connect(ranges.formatted("NotDAddr", "10.0.0.0/33"))))
                .hasMessage("line 15, spec.kprobes[0].selectors[0].matchArgs[0].values: '10.0.0.0/33': the prefix"
                        + " length must be 0 to 32");
        assertThatThrownBy(() -> PolicyParser.parse(connect(ranges.formatted("DAddr", "example.com"))))
                .hasMessage("line 15, spec.kprobes[0].selectors[0].matchArgs[0].values: 'example.com' is not an"
                        + " address or a CIDR (10.0.0.0/8, fd00::/8)");
        assertThatThrownBy(() -> PolicyParser.parse(connect(ranges.formatted("Prefix", "10.")))).hasMessage("line 14,"
                + " spec.kprobes[0].selectors[0].matchArgs[0].operator: operator 'Prefix' is not in the subset for a"
                + " connect (DAddr, NotDAddr)");
    }

    @Test
    void aRangeHoldsItsAddressesOnly() throws Exception {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(InetAddress.ofLiteral("10.255.0.1"))).isTrue();
        assertThat(ten.contains(InetAddress.ofLiteral("11.0.0.1"))).isFalse();
        assertThat(ten.contains(InetAddress.ofLiteral("::ffff:10.1.2.3"))).as("IPv4-mapped").isTrue();
        assertThat(ten.contains(InetAddress.ofLiteral("fd00::1"))).isFalse();
        assertThat(Cidr.parse("fc00::/7").contains(InetAddress.ofLiteral("fdff::1"))).isTrue();
        assertThat(Cidr.parse("fc00::/7").contains(InetAddress.ofLiteral("fe00::1"))).isFalse();
        assertThat(Cidr.parse("192.0.2.1").contains(InetAddress.ofLiteral("192.0.2.1"))).isTrue();
        assertThat(Cidr.parse("192.0.2.1").contains(InetAddress.ofLiteral("192.0.2.2"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.ofLiteral("8.8.8.8"))).isTrue();
    }
}
