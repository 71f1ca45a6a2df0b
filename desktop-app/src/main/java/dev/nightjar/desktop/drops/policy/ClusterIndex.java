package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pods by IP and namespace labels by name, built once from informer snapshots.
 * Only reads the objects it is given.
 *
 * <p>hostNetwork pods are left out: they share their node's address, and
 * NetworkPolicy does not apply to them. Finished pods (Succeeded, Failed) are
 * left out because their IPs may already belong to a new pod.
 */
final class ClusterIndex {

    /** Set by the API server on every namespace since Kubernetes 1.21; assumed even if a snapshot lacks it. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private final Map<InetAddress, Pod> podsByIp;
    private final Map<String, Map<String, String>> namespaceLabels;

    ClusterIndex(Collection<Pod> pods, Collection<Namespace> namespaces) {
        Map<InetAddress, Pod> byIp = new HashMap<>();
        for (Pod pod : pods) {
            if (!isPolicyEndpoint(pod)) {
                continue;
            }
            for (InetAddress ip : podIps(pod)) {
                byIp.merge(ip, pod, ClusterIndex::preferLive);
            }
        }
        this.podsByIp = Map.copyOf(byIp);
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (Namespace namespace : namespaces) {
            if (namespace.getMetadata() == null || namespace.getMetadata().getName() == null) {
                continue;
            }
            String name = namespace.getMetadata().getName();
            Map<String, String> own = namespace.getMetadata().getLabels();
            labels.put(name, withNameLabel(name, own == null ? Map.of() : own));
        }
        this.namespaceLabels = Map.copyOf(labels);
    }

    Optional<Pod> podAt(InetAddress address) {
        return Optional.ofNullable(podsByIp.get(address));
    }

    /** The namespace's labels; for a namespace not in the snapshot, only the name label the API server guarantees. */
    Map<String, String> labelsOfNamespace(String name) {
        Map<String, String> labels = namespaceLabels.get(name);
        return labels != null ? labels : Map.of(NAMESPACE_NAME_LABEL, name);
    }

    /** The IP addresses of the node the pod runs on (status.hostIP / hostIPs). */
    static Set<InetAddress> nodeIps(Pod pod) {
        Set<InetAddress> ips = new LinkedHashSet<>();
        if (pod.getStatus() == null) {
            return ips;
        }
        IpLiterals.tryParse(pod.getStatus().getHostIP()).ifPresent(ips::add);
        if (pod.getStatus().getHostIPs() != null) {
            for (HostIP hostIp : pod.getStatus().getHostIPs()) {
                IpLiterals.tryParse(hostIp.getIp()).ifPresent(ips::add);
            }
        }
        return ips;
    }

    private static List<InetAddress> podIps(Pod pod) {
        List<InetAddress> ips = new ArrayList<>();
        if (pod.getStatus() == null) {
            return ips;
        }
        IpLiterals.tryParse(pod.getStatus().getPodIP()).ifPresent(ips::add);
        if (pod.getStatus().getPodIPs() != null) {
            for (PodIP podIp : pod.getStatus().getPodIPs()) {
                IpLiterals.tryParse(podIp.getIp()).filter(ip -> !ips.contains(ip)).ifPresent(ips::add);
            }
        }
        return ips;
    }

    private static boolean isPolicyEndpoint(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getNamespace() == null) {
            return false;
        }
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** Two pods claiming one IP (an informer lagging behind a restart): keep the one not being deleted. */
    private static Pod preferLive(Pod existing, Pod candidate) {
        boolean existingDeleting = existing.getMetadata().getDeletionTimestamp() != null;
        boolean candidateDeleting = candidate.getMetadata().getDeletionTimestamp() != null;
        return existingDeleting && !candidateDeleting ? candidate : existing;
    }

    private static Map<String, String> withNameLabel(String name, Map<String, String> labels) {
        if (labels.containsKey(NAMESPACE_NAME_LABEL)) {
            return Map.copyOf(labels);
        }
        Map<String, String> copy = new HashMap<>(labels);
        copy.put(NAMESPACE_NAME_LABEL, name);
        return Map.copyOf(copy);
    }
}
