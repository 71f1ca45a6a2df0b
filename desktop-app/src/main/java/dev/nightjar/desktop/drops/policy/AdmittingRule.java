package dev.nightjar.desktop.drops.policy;

/**
 * The rule that let the packet through.
 *
 * @param policy              the NetworkPolicy
 * @param direction           ingress or egress
 * @param ruleIndex           position in spec.ingress or spec.egress, from 0
 * @param peer                the from/to entry that matched, in words ("any peer" when the rule has none)
 * @param port                the ports entry that matched, in words ("any port" when the rule has none)
 * @param ipBlockMatchedPodIp the peer matched through an ipBlock on a pod's IP, which is up to the network plugin
 */
public record AdmittingRule(PolicyRef policy, PolicyDirection direction, int ruleIndex, String peer, String port,
                            boolean ipBlockMatchedPodIp) {

    /** "shop/allow-frontend (spec.ingress[0])" */
    public String describe() {
        return policy + " (spec." + direction.word() + "[" + ruleIndex + "])";
    }
}
