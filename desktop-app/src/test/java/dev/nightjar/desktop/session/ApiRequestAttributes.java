package dev.nightjar.desktop.session;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization attributes of an HTTP request to the API server, derived from the
 * method and path as the API server's request-info resolver does: verb (get, list,
 * watch, create, update, patch, delete, deletecollection), API group, resource,
 * subresource, namespace, name; or a non-resource path.
 */
record ApiRequestAttributes(String method, String path, boolean resourceRequest, String verb, String apiGroup,
                            String resource, String subresource, String namespace, String name) {

    /** Subresources of a namespace object itself (/api/v1/namespaces/NAME/status). */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    static ApiRequestAttributes of(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        List<String> rest;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            return nonResource(method, path);
        }
        if (rest.isEmpty()) {
            return nonResource(method, path); // discovery: /api/v1, /apis/apps/v1
        }
        boolean legacyWatch = rest.get(0).equals("watch");
        if (legacyWatch) {
            rest = rest.subList(1, rest.size());
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        boolean watch = legacyWatch || "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        String verb = switch (method) {
            case "GET", "HEAD" -> name != null ? (watch ? "watch" : "get") : (watch ? "watch" : "list");
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        if ("namespaces".equals(resource) && namespace != null && name != null) {
            namespace = null; // a namespace object is cluster-scoped; authorize it as such (stricter than the API server)
        }
        return new ApiRequestAttributes(method, pathAndQuery, true, verb, group, resource, subresource, namespace, name);
    }

    /** Subresources whose WebSocket upgrade (a GET) the API server also authorizes as {@code create}. */
    private static final Set<String> STREAMING = Set.of("portforward", "exec", "attach");

    /**
     * Every authorization check the API server makes for this request: usually one; for the
     * GET that upgrades to a WebSocket on pods/portforward, exec or attach, two, since
     * Kubernetes 1.35 also checks {@code create} (feature gate
     * AuthorizePodWebsocketUpgradeCreatePermission, on by default; kubernetes/kubernetes#134577).
     */
    java.util.List<ApiRequestAttributes> checks() {
        if (resourceRequest && "get".equals(verb) && "pods".equals(resource) && subresource != null
                && STREAMING.contains(subresource)) {
            return java.util.List.of(this, new ApiRequestAttributes(method, path, true, "create", apiGroup, resource,
                    subresource, namespace, name));
        }
        return java.util.List.of(this);
    }

    private static ApiRequestAttributes nonResource(String method, String path) {
        return new ApiRequestAttributes(method, path, false, method.toLowerCase(), null, null, null, null, null);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new HashMap<>();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** "create pods in nightjar", "watch pods (all namespaces)", "get namespaces/nightjar". */
    String describe() {
        if (!resourceRequest) {
            return verb + " " + path;
        }
        String res = resource + (subresource == null ? "" : "/" + subresource);
        return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + res + (name == null ? "" : " " + name)
                + (namespace == null ? " (cluster scope)" : " in " + namespace) + "  [" + method + " " + path + "]";
    }
}
