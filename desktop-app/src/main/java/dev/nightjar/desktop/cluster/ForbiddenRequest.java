package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.Status;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API server's RBAC "forbidden" answer says was denied: who, which verb, which
 * resource (with subresource), API group and namespace. Parsed from the Status message
 * the API server writes, e.g. {@code pods is forbidden: User "alice" cannot create
 * resource "pods" in API group "" in the namespace "nightjar"}.
 */
public record ForbiddenRequest(String user, String verb, String resource, String apiGroup, Optional<String> namespace) {

    private static final Pattern RESOURCE = Pattern.compile(
            "User \"([^\"]*)\" cannot (\\S+) resource \"([^\"]+)\"(?: in API group \"([^\"]*)\")?"
                    + "(?: in the namespace \"([^\"]+)\"| at the cluster scope)?");
    private static final Pattern PATH = Pattern.compile("User \"([^\"]*)\" cannot (\\S+) path \"([^\"]+)\"");

    public static Optional<ForbiddenRequest> parse(Status status) {
        return status == null ? Optional.empty() : parse(status.getMessage());
    }

    public static Optional<ForbiddenRequest> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = RESOURCE.matcher(message);
        if (m.find()) {
            return Optional.of(new ForbiddenRequest(m.group(1), m.group(2), m.group(3),
                    m.group(4) == null ? "" : m.group(4), Optional.ofNullable(m.group(5))));
        }
        Matcher p = PATH.matcher(message);
        if (p.find()) {
            return Optional.of(new ForbiddenRequest(p.group(1), p.group(2), p.group(3), "", Optional.empty()));
        }
        return Optional.empty();
    }

    /** "create pods in namespace nightjar", "list nodes (cluster-wide)", "create pods/portforward in ...". */
    public String permission() {
        String group = apiGroup.isEmpty() ? "" : " (API group " + apiGroup + ")";
        String where = namespace.map(ns -> " in namespace " + ns).orElse(" cluster-wide");
        return verb + " " + resource + group + where;
    }

    /** One sentence for the user: who lacks what, and where the needed role is. */
    public String explain() {
        String who = user.isEmpty() ? "Your user" : "User \"" + user + "\"";
        return who + " is not allowed to " + permission()
                + ". Ask a cluster admin to bind the Nightjar role from packaging/rbac/"
                + " (see packaging/rbac/README.md) to you, or use a context with more rights.";
    }
}
