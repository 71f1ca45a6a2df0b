package dev.nightjar.desktop.drops.policy;

import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.List;

/**
 * An evaluator over a cluster snapshot (live from the Enricher, or from a bundle). The
 * snapshot keeps pods as compact records; the evaluator reads the API's objects, so each
 * record becomes the few fields of a Pod it looks at: namespace, name, labels, IPs, host
 * network, phase. Container ports are not in the snapshot, so a policy's named port never
 * matches (the evaluator says a name is unresolved rather than guessing).
 */
public final class SnapshotPolicies {

    private SnapshotPolicies() {
    }

    public static NetworkPolicyEvaluator evaluator(ClusterSnapshot snapshot) {
        List<Pod> pods = snapshot.pods().stream().map(SnapshotPolicies::pod).toList();
        List<Namespace> namespaces = snapshot.namespaces().stream()
                .map(n -> new NamespaceBuilder().withNewMetadata().withName(n.name()).withLabels(n.labels())
                        .endMetadata().build())
                .toList();
        return new NetworkPolicyEvaluator(snapshot.networkPolicies(), pods, namespaces);
    }

    private static Pod pod(PodRecord p) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(p.namespace()).withName(p.name()).withUid(p.uid())
                    .withLabels(p.labels()).endMetadata()
                .withNewSpec().withNodeName(p.node()).withHostNetwork(p.hostNetwork()).endSpec()
                .withNewStatus().withPhase("Running")
                    .withPodIP(p.ips().isEmpty() ? null : p.ips().getFirst())
                    .withPodIPs(p.ips().stream().map(ip -> new PodIP(ip)).toList())
                .endStatus()
                .build();
    }
}
