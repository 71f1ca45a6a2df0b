package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates one direction for one pod: which policies select it (isolation),
 * and whether any of their rules admits the peer on the packet's port. Rules
 * are OR-ed within and across policies; a pod selected by no policy of this
 * direction is not isolated and everything is allowed.
 */
final class DirectionEvaluator {

    /** One rule, whichever direction: the peers (from/to) and ports. */
    private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    }

    private final List<NetworkPolicy> policies;

    /** @param policies sorted, valid policies (with namespace and name) */
    DirectionEvaluator(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    DirectionResult evaluate(PolicyDirection direction, Endpoint subject, Endpoint peer, PacketFlow flow) {
        Pod pod = subject.pod().orElseThrow(() -> new IllegalArgumentException("the subject must be a pod"));
        String namespace = pod.getMetadata().getNamespace();
        List<NetworkPolicy> selecting = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            if (namespace.equals(policy.getMetadata().getNamespace())
                    && PolicyTypes.affects(policy, direction)
                    && selectsPod(policy, subject)) {
                selecting.add(policy);
            }
        }
        List<PolicyRef> refs = selecting.stream().map(PolicyRef::of).toList();
        if (selecting.isEmpty()) {
            return new DirectionResult(direction, subject, peer, refs, Optional.empty(), Optional.empty());
        }
        Optional<String> exemption = exemption(subject, peer);
        Optional<Pod> destinationPod = direction == PolicyDirection.INGRESS ? subject.pod() : peer.pod();
        AdmittingRule best = null;
        for (NetworkPolicy policy : selecting) {
            List<Rule> rules = rules(policy, direction);
            for (int i = 0; i < rules.size(); i++) {
                AdmittingRule admitted = admits(policy, direction, i, rules.get(i), peer, flow, destinationPod);
                if (admitted != null && (best == null || (best.ipBlockMatchedPodIp() && !admitted.ipBlockMatchedPodIp()))) {
                    best = admitted;
                }
            }
        }
        return new DirectionResult(direction, subject, peer, refs, Optional.ofNullable(best), exemption);
    }

    private static boolean selectsPod(NetworkPolicy policy, Endpoint subject) {
        LabelSelector selector = policy.getSpec() == null ? null : policy.getSpec().getPodSelector();
        // An absent podSelector is the empty selector: every pod in the policy's namespace.
        return selector == null || LabelSelectorMatcher.matches(selector, subject.podLabels());
    }

    /** The two cases the NetworkPolicy docs exempt from isolation. */
    private static Optional<String> exemption(Endpoint subject, Endpoint peer) {
        if (subject.samePodAs(peer)) {
            return Optional.of("a pod cannot block traffic to itself");
        }
        if (ClusterIndex.nodeIps(subject.pod().orElseThrow()).contains(peer.address())) {
            return Optional.of("traffic between a pod and the node it runs on is always allowed");
        }
        return Optional.empty();
    }

    private static AdmittingRule admits(NetworkPolicy policy, PolicyDirection direction, int index, Rule rule,
                                        Endpoint peer, PacketFlow flow, Optional<Pod> destinationPod) {
        PeerMatch peerMatch = matchPeers(rule.peers(), policy.getMetadata().getNamespace(), peer);
        if (!peerMatch.matched()) {
            return null;
        }
        Optional<String> port = PortMatcher.match(rule.ports(), flow.protocol(), flow.destinationPort(), destinationPod);
        if (port.isEmpty()) {
            return null;
        }
        return new AdmittingRule(PolicyRef.of(policy), direction, index, peerMatch.description(), port.get(),
                peerMatch.ipBlockOnPodIp());
    }

    /** Peers are OR-ed; an empty list admits every peer. A match without the ipBlock caveat wins. */
    private static PeerMatch matchPeers(List<NetworkPolicyPeer> peers, String policyNamespace, Endpoint peer) {
        if (peers == null || peers.isEmpty()) {
            return new PeerMatch(true, false, "any peer");
        }
        PeerMatch withCaveat = null;
        for (NetworkPolicyPeer candidate : peers) {
            PeerMatch match = PeerMatcher.match(candidate, policyNamespace, peer);
            if (match.matched() && !match.ipBlockOnPodIp()) {
                return match;
            }
            if (match.matched() && withCaveat == null) {
                withCaveat = match;
            }
        }
        return withCaveat != null ? withCaveat : PeerMatch.no("no peer");
    }

    private static List<Rule> rules(NetworkPolicy policy, PolicyDirection direction) {
        List<Rule> rules = new ArrayList<>();
        if (policy.getSpec() == null) {
            return rules;
        }
        if (direction == PolicyDirection.INGRESS) {
            List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
            if (ingress != null) {
                for (NetworkPolicyIngressRule rule : ingress) {
                    rules.add(new Rule(rule.getFrom(), rule.getPorts()));
                }
            }
        } else {
            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            if (egress != null) {
                for (NetworkPolicyEgressRule rule : egress) {
                    rules.add(new Rule(rule.getTo(), rule.getPorts()));
                }
            }
        }
        return rules;
    }
}
