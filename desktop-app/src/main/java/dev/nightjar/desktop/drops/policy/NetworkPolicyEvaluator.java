package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether Kubernetes NetworkPolicies would let a dropped packet through,
 * following the API's semantics: the source pod's egress and the destination
 * pod's ingress must both allow it; a pod is isolated in a direction when some
 * policy of that type selects it; an isolated pod gets only what some rule admits.
 *
 * <p>Built from informer snapshots (fabric8 model objects, which are only read,
 * never changed) and immutable afterwards; build a new one when the caches change.
 * Safe to share between threads.
 */
public final class NetworkPolicyEvaluator {

    private final ClusterIndex cluster;
    private final DirectionEvaluator directions;

    public NetworkPolicyEvaluator(Collection<NetworkPolicy> policies, Collection<Pod> pods,
                                  Collection<Namespace> namespaces) {
        this.cluster = new ClusterIndex(pods, namespaces);
        List<NetworkPolicy> valid = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            // Objects from the API server always have both; anything else cannot select a pod.
            if (policy.getMetadata() != null && policy.getMetadata().getNamespace() != null
                    && policy.getMetadata().getName() != null) {
                valid.add(policy);
            }
        }
        valid.sort(Comparator.comparing(PolicyRef::of));
        this.directions = new DirectionEvaluator(List.copyOf(valid));
    }

    public PolicyEvaluation evaluate(PacketFlow flow) {
        Endpoint source = endpoint(flow.source());
        Endpoint destination = endpoint(flow.destination());
        Optional<DirectionResult> egress = source.isPod()
                ? Optional.of(directions.evaluate(PolicyDirection.EGRESS, source, destination, flow))
                : Optional.empty();
        Optional<DirectionResult> ingress = destination.isPod()
                ? Optional.of(directions.evaluate(PolicyDirection.INGRESS, destination, source, flow))
                : Optional.empty();

        if (egress.isEmpty() && ingress.isEmpty()) {
            return new PolicyEvaluation(PolicyVerdict.UNKNOWN_ENDPOINTS, flow, egress, ingress,
                    PolicyExplanation.unknownEndpoints(flow));
        }
        // The source's egress is checked first: that is where the packet would be stopped first.
        if (egress.isPresent() && !egress.get().allowed()) {
            return new PolicyEvaluation(PolicyVerdict.DENIED_BY_EGRESS, flow, egress, ingress,
                    PolicyExplanation.denied(egress.get(), ingress, flow));
        }
        if (ingress.isPresent() && !ingress.get().allowed()) {
            return new PolicyEvaluation(PolicyVerdict.DENIED_BY_INGRESS, flow, egress, ingress,
                    PolicyExplanation.denied(ingress.get(), egress, flow));
        }
        List<DirectionResult> isolated = new ArrayList<>();
        egress.filter(DirectionResult::isolated).ifPresent(isolated::add);
        ingress.filter(DirectionResult::isolated).ifPresent(isolated::add);
        if (isolated.isEmpty()) {
            return new PolicyEvaluation(PolicyVerdict.NOT_ISOLATED, flow, egress, ingress,
                    PolicyExplanation.notIsolated(egress, ingress, flow));
        }
        return new PolicyEvaluation(PolicyVerdict.ALLOWED, flow, egress, ingress,
                PolicyExplanation.allowed(isolated, flow));
    }

    private Endpoint endpoint(InetAddress address) {
        Optional<Pod> pod = cluster.podAt(address);
        if (pod.isEmpty()) {
            return Endpoint.external(address);
        }
        String namespace = pod.get().getMetadata().getNamespace();
        return new Endpoint(address, pod, cluster.labelsOfNamespace(namespace));
    }
}
