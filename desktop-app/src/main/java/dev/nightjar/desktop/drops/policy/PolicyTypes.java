package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;

import java.util.List;

/**
 * Which directions a policy affects. With policyTypes set, exactly those. Without
 * it (the API server normally fills it in, hand-made objects may not have it):
 * Ingress always, Egress only when the policy has egress rules.
 */
final class PolicyTypes {

    private PolicyTypes() {
    }

    static boolean affects(NetworkPolicy policy, PolicyDirection direction) {
        NetworkPolicySpec spec = policy.getSpec();
        if (spec == null) {
            return direction == PolicyDirection.INGRESS;
        }
        List<String> types = spec.getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types.contains(direction == PolicyDirection.INGRESS ? "Ingress" : "Egress");
        }
        if (direction == PolicyDirection.INGRESS) {
            return true;
        }
        return spec.getEgress() != null && !spec.getEgress().isEmpty();
    }
}
