package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether a refused pod create is about this one pod (a webhook with a per-node policy, a
 * quota that ran out at the seventh pod, a hiccup) or about every pod of the session (RBAC,
 * Pod Security, a terminating namespace, an invalid spec): the first kind leaves the other
 * nodes going, the second stops the deployment at once instead of failing a hundred times.
 */
final class RejectionScope {

    private RejectionScope() {
    }

    static boolean sessionWide(KubernetesClientException e) {
        String message = String.valueOf(e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage());
        if (message.contains("admission webhook") || message.contains("exceeded quota")) {
            return false;
        }
        return e.getCode() == 401 || e.getCode() == 403 || e.getCode() == 422 || e.getCode() == 400
                || message.contains("violates PodSecurity") || message.contains("being terminated");
    }
}
