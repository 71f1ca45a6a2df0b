package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import dev.nightjar.desktop.cluster.RejectedRequest;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Explains why the API server refused to create one of the session's objects, by its real
 * cause ({@link RejectedRequest}: quota, limit range, namespace being deleted, Pod Security
 * admission, GKE Autopilot, an admission webhook, RBAC, an invalid object), each with
 * its fix, naming the session's namespace. Only an RBAC refusal is answered with permissions.
 */
public final class CreateRejections {

    /** The command that lets Pod Security admit the sensor in the default namespace. */
    public static final String PSA_LABEL_COMMAND = psaLabelCommand(NightjarLabels.NAMESPACE);

    private CreateRejections() {
    }

    /** The command that lets Pod Security admit the sensor in {@code namespace}. */
    public static String psaLabelCommand(String namespace) {
        return "kubectl label --overwrite namespace " + namespace + " " + NightjarLabels.PSA_ENFORCE + "=privileged";
    }

    /**
     * @param what the object being created, for the message ("sensor pod nightjar-…-node-1")
     */
    public static String explain(KubernetesClientException e, String what) {
        return explain(e, what, NightjarLabels.NAMESPACE);
    }

    /** @param ns the session's namespace, named in the advice */
    public static String explain(KubernetesClientException e, String what, String ns) {
        RejectedRequest r = RejectedRequest.of(e);
        return switch (r.cause()) {
            case NAMESPACE_TERMINATING -> "Cannot create the " + what + ": namespace " + ns + " is being deleted (the"
                    + " cleanup of a session that just stopped, yours or a colleague's), and Kubernetes accepts nothing"
                    + " new in it until it is gone. Wait a few seconds, then start again.";
            case RESOURCE_QUOTA_EXCEEDED -> "The ResourceQuota \"" + r.name() + "\" of namespace " + ns + " has no room"
                    + " for the " + what + " (" + r.detail() + "). Ask the namespace's owner to raise it (see `kubectl"
                    + " describe resourcequota -n " + ns + "`), stop other sensors that count against it, or give the"
                    + " sensor smaller requests and limits.";
            case RESOURCE_QUOTA_UNSPECIFIED -> "The ResourceQuota \"" + r.name() + "\" of namespace " + ns + " refused"
                    + " the " + what + ": it " + r.detail() + ", which the sensor pod does not set. Ask the namespace's"
                    + " owner to drop that resource from the quota for " + ns + " (`kubectl describe resourcequota -n "
                    + ns + "`), or set the sensor's requests and limits in the session settings.";
            case LIMIT_RANGE -> "A LimitRange in namespace " + ns + " refused the " + what + " for its CPU or memory: "
                    + r.detail() + ". Ask the namespace's owner to relax it for " + ns + " (`kubectl get limitrange -n "
                    + ns + " -o yaml`), or give the sensor requests and limits inside the range.";
            case POD_SECURITY -> "Pod Security admission rejected the " + what + ": " + r.detail()
                    + ". The sensor needs the \"privileged\" level in namespace " + ns
                    + ". Run `" + psaLabelCommand(ns) + "` (or ask your cluster admin to), then try again.";
            case AUTOPILOT -> "GKE Autopilot refused the " + what + ": " + r.detail() + ". Autopilot's policy forbids"
                    + " privileged pods, host PID and hostPath mounts of /proc and /sys for everyone, and no role,"
                    + " namespace label or least-privilege mode changes that: Nightjar needs a GKE Standard cluster.";
            case ADMISSION_WEBHOOK -> "The admission webhook \"" + r.name() + "\" denied the " + what + ": "
                    + r.detail() + ". Ask the cluster admin to exempt namespace " + ns
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
