package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** One sentence for a failed API call that is not a connection problem (403s name the missing permission). */
public final class ApiFailures {

    private ApiFailures() {
    }

    /**
     * @param doing what was being done, lower case ("checking node worker-1", "patching the token secret")
     */
    public static String explain(KubernetesClientException e, String doing) {
        var plugin = ConnectionProblems.find(e, CredentialPluginException.class);
        if (plugin.isPresent()) {
            return "Failed while " + doing + ": " + plugin.get().getMessage();
        }
        if (e.getCode() == 403) {
            var denied = ForbiddenRequest.parse(e.getStatus());
            if (denied.isPresent()) {
                return "Failed while " + doing + ": " + denied.get().explain();
            }
        }
        String status = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : Problems.rootMessage(e);
        return "Failed while " + doing + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + status + ".";
    }
}
