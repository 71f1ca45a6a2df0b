package dev.nightjar.desktop.drops.policy;

import java.util.List;
import java.util.Optional;

/**
 * The outcome for one side of the packet: the destination pod's ingress, or the source pod's egress.
 *
 * @param direction          which side
 * @param subject            the pod whose policies were evaluated
 * @param peer               the other end of the packet
 * @param selectingPolicies  policies of this direction that select the subject; empty means not isolated
 * @param admittedBy         the rule that admits the packet, when one does
 * @param exemption          why the packet is allowed regardless of rules (a pod and itself, a pod and its node)
 */
public record DirectionResult(PolicyDirection direction, Endpoint subject, Endpoint peer,
                              List<PolicyRef> selectingPolicies, Optional<AdmittingRule> admittedBy,
                              Optional<String> exemption) {

    public DirectionResult {
        selectingPolicies = List.copyOf(selectingPolicies);
    }

    /** Some policy of this direction selects the pod, so only what a rule admits gets through. */
    public boolean isolated() {
        return !selectingPolicies.isEmpty();
    }

    public boolean allowed() {
        return !isolated() || admittedBy.isPresent() || exemption.isPresent();
    }
}
