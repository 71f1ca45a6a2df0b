package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.Pod;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One end of the packet: its address and, when the address belongs to a known
 * pod, that pod and its namespace's labels.
 */
public record Endpoint(InetAddress address, Optional<Pod> pod, Map<String, String> namespaceLabels) {

    /** Labels added by controllers that only make descriptions noisy. */
    private static final Set<String> NOISY_LABELS = Set.of(
            "pod-template-hash", "controller-revision-hash", "pod-template-generation",
            "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index");

    public Endpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(pod, "pod");
        namespaceLabels = Map.copyOf(namespaceLabels);
    }

    static Endpoint external(InetAddress address) {
        return new Endpoint(address, Optional.empty(), Map.of());
    }

    public boolean isPod() {
        return pod.isPresent();
    }

    /** The pod's namespace; empty for a non-pod address. */
    public Optional<String> namespace() {
        return pod.map(p -> p.getMetadata().getNamespace());
    }

    Map<String, String> podLabels() {
        return pod.map(p -> p.getMetadata().getLabels()).orElse(Map.of());
    }

    /** "shop/frontend-7d9 (app=frontend)" for a pod, the address otherwise. */
    public String describe() {
        if (pod.isEmpty()) {
            return IpLiterals.format(address);
        }
        Pod p = pod.get();
        String name = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
        String labels = new TreeMap<>(podLabels()).entrySet().stream()
                .filter(e -> !NOISY_LABELS.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return labels.isEmpty() ? name : name + " (" + labels + ")";
    }

    boolean samePodAs(Endpoint other) {
        if (pod.isEmpty() || other.pod.isEmpty()) {
            return false;
        }
        var a = pod.get().getMetadata();
        var b = other.pod.get().getMetadata();
        return Objects.equals(a.getNamespace(), b.getNamespace()) && Objects.equals(a.getName(), b.getName());
    }
}
