package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Makes the token Secret a dependent of every sensor pod of its session.
 *
 * <p>Kubernetes' garbage collector deletes a dependent once <em>all</em> of its owners
 * are gone, so listing every pod (not only the first) keeps the Secret as long as any
 * sensor still mounts it, and removes it with the last one. Owner references need the
 * owners' uids, which exist only after the pods are created, so the Secret is created
 * first (the kubelet needs it to start the pods) and patched once the pods exist.
 * {@code blockOwnerDeletion} is left unset: setting it needs update rights on
 * {@code pods/finalizers}, which the desktop's role does not have and does not need.
 */
public final class SecretOwnership {

    private SecretOwnership() {
    }

    public static List<OwnerReference> ownerReferences(List<Pod> createdPods) {
        return createdPods.stream()
                .map(p -> new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Pod")
                        .withName(p.getMetadata().getName())
                        .withUid(p.getMetadata().getUid())
                        .withController(false)
                        .build())
                .toList();
    }
}
