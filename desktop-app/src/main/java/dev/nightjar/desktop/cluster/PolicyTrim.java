package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * NetworkPolicy copies for the snapshot: name, namespace, labels and spec only (no
 * annotations, managed fields or status). Always a new object: an informer's cached
 * object is never changed.
 */
final class PolicyTrim {

    private PolicyTrim() {
    }

    static NetworkPolicy trimmed(NetworkPolicy policy) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(policy.getMetadata().getName())
                .withNamespace(policy.getMetadata().getNamespace())
                .withLabels(policy.getMetadata().getLabels()).endMetadata()
                .withSpec(policy.getSpec() == null ? null : copyOf(policy.getSpec()))
                .build();
    }

    /** A copy whose label selectors' {@code matchLabels} went through {@code labels}. */
    static NetworkPolicy withSelectorLabels(NetworkPolicy policy, UnaryOperator<Map<String, String>> labels) {
        NetworkPolicy copy = new NetworkPolicyBuilder(policy).build();
        if (copy.getMetadata().getLabels() != null) {
            copy.getMetadata().setLabels(labels.apply(Map.copyOf(copy.getMetadata().getLabels())));
        }
        NetworkPolicySpec spec = copy.getSpec();
        if (spec == null) {
            return copy;
        }
        apply(spec.getPodSelector(), labels);
        if (spec.getIngress() != null) {
            spec.getIngress().forEach(rule -> peers(rule.getFrom(), labels));
        }
        if (spec.getEgress() != null) {
            spec.getEgress().forEach(rule -> peers(rule.getTo(), labels));
        }
        return copy;
    }

    private static NetworkPolicySpec copyOf(NetworkPolicySpec spec) {
        return new NetworkPolicyBuilder().withSpec(spec).build().getSpec();
    }

    private static void peers(List<NetworkPolicyPeer> peers, UnaryOperator<Map<String, String>> labels) {
        if (peers == null) {
            return;
        }
        for (NetworkPolicyPeer peer : peers) {
            apply(peer.getPodSelector(), labels);
            apply(peer.getNamespaceSelector(), labels);
        }
    }

    private static void apply(LabelSelector selector, UnaryOperator<Map<String, String>> labels) {
        if (selector != null && selector.getMatchLabels() != null) {
            selector.setMatchLabels(labels.apply(Map.copyOf(selector.getMatchLabels())));
        }
    }
}
