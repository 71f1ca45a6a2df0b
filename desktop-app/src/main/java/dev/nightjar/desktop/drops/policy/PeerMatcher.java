package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/**
 * One entry of a rule's {@code from} or {@code to} list:
 * <ul>
 *   <li>podSelector alone: pods in the policy's own namespace with matching labels;</li>
 *   <li>namespaceSelector alone: every pod in namespaces with matching labels;</li>
 *   <li>both in one entry: pods with matching labels in namespaces with matching labels (AND);</li>
 *   <li>ipBlock: addresses inside cidr and outside every except block.</li>
 * </ul>
 * Selectors only ever match pods. An entry the API server would reject (nothing
 * set, or ipBlock together with a selector) matches nothing.
 */
final class PeerMatcher {

    private PeerMatcher() {
    }

    static PeerMatch match(NetworkPolicyPeer peer, String policyNamespace, Endpoint endpoint) {
        LabelSelector podSelector = peer.getPodSelector();
        LabelSelector namespaceSelector = peer.getNamespaceSelector();
        IPBlock ipBlock = peer.getIpBlock();
        if (ipBlock != null) {
            String description = "ipBlock " + IpBlockMatcher.describe(ipBlock);
            if (podSelector != null || namespaceSelector != null) {
                return PeerMatch.no(description + " combined with a selector (invalid)");
            }
            boolean inside = IpBlockMatcher.matches(ipBlock, endpoint.address());
            return new PeerMatch(inside, inside && endpoint.isPod(), description);
        }
        if (podSelector == null && namespaceSelector == null) {
            return PeerMatch.no("empty peer (invalid)");
        }
        String description = describe(podSelector, namespaceSelector, policyNamespace);
        if (!endpoint.isPod()) {
            return PeerMatch.no(description);
        }
        boolean namespaceOk = namespaceSelector == null
                ? policyNamespace.equals(endpoint.namespace().orElseThrow())
                : LabelSelectorMatcher.matches(namespaceSelector, endpoint.namespaceLabels());
        boolean podOk = podSelector == null || LabelSelectorMatcher.matches(podSelector, endpoint.podLabels());
        return new PeerMatch(namespaceOk && podOk, false, description);
    }

    private static String describe(LabelSelector podSelector, LabelSelector namespaceSelector, String policyNamespace) {
        if (namespaceSelector == null) {
            return "pods " + LabelSelectorMatcher.describe(podSelector) + " in namespace " + policyNamespace;
        }
        String namespaces = "namespaces " + LabelSelectorMatcher.describe(namespaceSelector);
        return podSelector == null ? "all pods in " + namespaces
                : "pods " + LabelSelectorMatcher.describe(podSelector) + " in " + namespaces;
    }
}
