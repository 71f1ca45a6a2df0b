package dev.nightjar.desktop.drops.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verdict for one packet with its evidence and a one-sentence explanation.
 *
 * @param verdict     the outcome
 * @param flow        the packet judged
 * @param egress      the source pod's egress side; empty when the source is not a known pod
 * @param ingress     the destination pod's ingress side; empty when the destination is not a known pod
 * @param explanation one sentence for the Drops view, e.g. "Likely blocked by NetworkPolicy shop/deny-all: …"
 */
public record PolicyEvaluation(PolicyVerdict verdict, PacketFlow flow, Optional<DirectionResult> egress,
                               Optional<DirectionResult> ingress, String explanation) {

    /** Policies that selected a pod on either side (egress first). */
    public List<PolicyRef> selectingPolicies() {
        List<PolicyRef> refs = new ArrayList<>();
        egress.ifPresent(e -> refs.addAll(e.selectingPolicies()));
        ingress.ifPresent(i -> refs.addAll(i.selectingPolicies()));
        return List.copyOf(refs);
    }

    /** The rules that admitted the packet (egress first), empty when none did or none were needed. */
    public List<AdmittingRule> admittingRules() {
        List<AdmittingRule> rules = new ArrayList<>();
        egress.flatMap(DirectionResult::admittedBy).ifPresent(rules::add);
        ingress.flatMap(DirectionResult::admittedBy).ifPresent(rules::add);
        return List.copyOf(rules);
    }
}
