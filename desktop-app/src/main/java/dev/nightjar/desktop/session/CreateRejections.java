package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.ForbiddenRequest;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains why the API server refused to create one of the session's objects: Pod
 * Security admission, an admission webhook, RBAC, or an invalid object.
 */
public final class CreateRejections {

    /** The command that lets Pod Security admit the sensor in the namespace. */
    public static final String PSA_LABEL_COMMAND = psaLabelCommand(NightjarLabels.NAMESPACE);

    private static final Pattern WEBHOOK = Pattern.compile("admission webhook \"([^\"]+)\" denied the request:?\\s*(.*)",
            Pattern.DOTALL);

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

    /** @param namespace the session's namespace, named in the advice */
    public static String explain(KubernetesClientException e, String what, String namespace) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
        if (message.contains("violates PodSecurity")) {
            return "Pod Security admission rejected the " + what + ": " + afterForbidden(message)
                    + ". The sensor needs the \"privileged\" level in namespace " + namespace
                    + ". Run `" + psaLabelCommand(namespace) + "` (or ask your cluster admin to), then try again.";
        }
        Matcher webhook = WEBHOOK.matcher(message);
        if (webhook.find()) {
            return "The admission webhook \"" + webhook.group(1) + "\" denied the " + what + ": "
                    + webhook.group(2).strip() + ". Ask the cluster admin to exempt namespace "
                    + namespace + " (or Nightjar's sensor pods) from that policy.";
        }
        if (e.getCode() == 403) {
            Optional<ForbiddenRequest> denied = ForbiddenRequest.parse(message);
            if (denied.isPresent()) {
                return "Cannot create the " + what + ": " + denied.get().explain();
            }
            return "Cannot create the " + what + " (403 Forbidden): " + message
                    + ". See packaging/rbac/README.md for the permissions Nightjar needs.";
        }
        if (e.getCode() == 422) {
            return "The API server found the " + what + " invalid: " + message
                    + ". This cluster may be older than Nightjar supports, or a policy rewrote the object.";
        }
        if (e.getCode() == 409) {
            return "The " + what + " exists already (" + message + "). Another Nightjar session may be using"
                    + " the same name; try again.";
        }
        return "Cannot create the " + what + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + message;
    }

    private static String afterForbidden(String message) {
        int i = message.indexOf("violates PodSecurity");
        return message.substring(i).strip();
    }
}
