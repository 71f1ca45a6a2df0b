package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** A NetworkPolicy by namespace and name; prints as "namespace/name". */
public record PolicyRef(String namespace, String name) implements Comparable<PolicyRef> {

    static PolicyRef of(NetworkPolicy policy) {
        return new PolicyRef(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    }

    @Override
    public int compareTo(PolicyRef other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
