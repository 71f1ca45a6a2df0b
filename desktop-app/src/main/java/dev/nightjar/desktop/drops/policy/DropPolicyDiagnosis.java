package dev.nightjar.desktop.drops.policy;

import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropTuple;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * For a group of drops whose reason a NetworkPolicy can cause (a netfilter rule, a TC or
 * cgroup BPF program: how network plugins implement policies), what the cluster's
 * policies say about its tuples: the policy that likely blocked them, or that policies
 * allow them and the cause is elsewhere. Empty for other reasons.
 */
public final class DropPolicyDiagnosis {

    /** Drop reasons through which network plugins enforce NetworkPolicies. */
    static final Set<String> POLICY_REASONS = Set.of("NETFILTER_DROP", "TC_INGRESS", "TC_EGRESS", "TC_DROP",
            "BPF_CGROUP_EGRESS", "BPF_CGROUP_INGRESS", "SOCKET_FILTER");
    /** Tuples looked at per group: enough to find a pattern, bounded for big groups. */
    static final int MAX_TUPLES = 50;

    private DropPolicyDiagnosis() {
    }

    public static Optional<String> of(DropGroup group, NetworkPolicyEvaluator policies) {
        if (!POLICY_REASONS.contains(group.reason().name())) {
            return Optional.empty();
        }
        Map<PolicyVerdict, PolicyEvaluation> first = new LinkedHashMap<>();
        Map<PolicyVerdict, Integer> counts = new LinkedHashMap<>();
        int looked = 0;
        for (DropTuple tuple : group.tuples()) {
            if (looked == MAX_TUPLES) {
                break;
            }
            Optional<PacketFlow> flow = flowOf(tuple);
            if (flow.isEmpty()) {
                continue;
            }
            looked++;
            PolicyEvaluation evaluation = policies.evaluate(flow.get());
            first.putIfAbsent(evaluation.verdict(), evaluation);
            counts.merge(evaluation.verdict(), 1, Integer::sum);
        }
        if (looked == 0) {
            return Optional.empty();
        }
        for (PolicyVerdict denied : new PolicyVerdict[] {PolicyVerdict.DENIED_BY_EGRESS, PolicyVerdict.DENIED_BY_INGRESS}) {
            if (first.containsKey(denied)) {
                return Optional.of(first.get(denied).explanation() + share(counts.get(denied), looked));
            }
        }
        if (first.containsKey(PolicyVerdict.ALLOWED) || first.containsKey(PolicyVerdict.NOT_ISOLATED)) {
            PolicyEvaluation e = first.getOrDefault(PolicyVerdict.ALLOWED, first.get(PolicyVerdict.NOT_ISOLATED));
            return Optional.of("NetworkPolicies would let this through, so look elsewhere (kube-proxy, the host"
                    + " firewall, another agent's rules): " + e.explanation());
        }
        return Optional.of(first.values().iterator().next().explanation());
    }

    private static String share(int matching, int looked) {
        return looked == 1 ? "" : String.format(Locale.ROOT, " (%d of %d tuples looked at)", matching, looked);
    }

    private static Optional<PacketFlow> flowOf(DropTuple tuple) {
        try {
            TransportProtocol protocol = tuple.protocol().isBlank() ? TransportProtocol.OTHER
                    : TransportProtocol.fromPolicyField(tuple.protocol()).orElse(TransportProtocol.OTHER);
            return Optional.of(PacketFlow.of(tuple.source().ip(), tuple.source().port(), tuple.destination().ip(),
                    tuple.destination().port(), protocol));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
