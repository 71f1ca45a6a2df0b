package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.cluster.RejectedRequest;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Explains why the API server refused to create one of the session's objects, by its real
 * cause ({@link RejectedRequest}: quota, limit range, namespace being deleted, Pod Security
 * admission, GKE Autopilot, an admission webhook, RBAC, an invalid object), each with
 * its fix. Only an RBAC refusal is answered with permissions.
 */
public final class CreateRejections {

    /** The command that lets Pod Security admit the sensor in the namespace. */
    public static final String PSA_LABEL_COMMAND = "kubectl label --overwrite namespace " + NightjarLabels.NAMESPACE
            + " " + NightjarLabels.PSA_ENFORCE + "=privileged";

    private static final String NS = NightjarLabels.NAMESPACE;

    private CreateRejections() {
    }

    /**
     * @param what the object being created, for the message ("sensor pod nightjar-…-node-1")
     */
    public static String explain(KubernetesClientException e, String what) {
        RejectedRequest r = RejectedRequest.of(e);
        return switch (r.cause()) {
            case NAMESPACE_TERMINATING -> "Cannot create the " + what + ": namespace " + NS + " is being deleted (the"
                    + " cleanup of a session that just stopped, yours or a colleague's), and Kubernetes accepts nothing"
                    + " new in it until it is gone. Wait a few seconds, then start again.";
            case RESOURCE_QUOTA_EXCEEDED -> "The ResourceQuota \"" + r.name() + "\" of namespace " + NS + " has no room"
                    + " for the " + what + " (" + r.detail() + "). Ask the namespace's owner to raise it (see `kubectl"
                    + " describe resourcequota -n " + NS + "`), stop other sensors that count against it, or give the"
                    + " sensor smaller requests and limits.";
            case RESOURCE_QUOTA_UNSPECIFIED -> "The ResourceQuota \"" + r.name() + "\" of namespace " + NS + " refused"
                    + " the " + what + ": it " + r.detail() + ", which the sensor pod does not set. Ask the namespace's"
                    + " owner to drop that resource from the quota for " + NS + " (`kubectl describe resourcequota -n "
                    + NS + "`).";
            case LIMIT_RANGE -> "A LimitRange in namespace " + NS + " refused the " + what + " for its CPU or memory: "
                    + r.detail() + ". Ask the namespace's owner to relax it for " + NS + " (`kubectl get limitrange -n "
                    + NS + " -o yaml`), or give the sensor requests and limits inside the range.";
            case POD_SECURITY -> "Pod Security admission rejected the " + what + ": " + r.detail()
                    + ". The sensor needs the \"privileged\" level in namespace " + NS
                    + ". Run `" + PSA_LABEL_COMMAND + "` (or ask your cluster admin to), then try again.";
            case AUTOPILOT -> "GKE Autopilot refused the " + what + ": " + r.detail() + ". Autopilot's policy forbids"
                    + " privileged pods, host PID and hostPath mounts of /proc and /sys for everyone, and no role,"
                    + " namespace label or least-privilege mode changes that: Nightjar needs a GKE Standard cluster.";
            case ADMISSION_WEBHOOK -> "The admission webhook \"" + r.name() + "\" denied the " + what + ": "
                    + r.detail() + ". Ask the cluster admin to exempt namespace " + NS
                    + " (or Nightjar's sensor pods) from that policy.";
            case RBAC -> "Cannot create the " + what + ": " + r.forbidden().orElseThrow().explain();
            case INVALID -> "The API server found the " + what + " invalid: " + r.detail()
                    + ". This cluster may be older than Nightjar supports, or a policy rewrote the object.";
            case ALREADY_EXISTS -> "The " + what + " exists already (" + r.detail() + "). Another Nightjar session may be"
                    + " using the same name; try again.";
            case OTHER -> e.getCode() == 403
                    ? "Cannot create the " + what + " (403 Forbidden): " + r.detail() + "."
                    : "Cannot create the " + what + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + r.detail();
        };
    }
}
