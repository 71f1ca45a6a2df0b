package dev.nightjar.desktop.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Every permission a capture needs, exactly what the code uses and what
 * {@code packaging/rbac/} grants (a test compares the two, and another proves every request
 * of a session life is allowed and every rule used). The pre-flight check asks the API
 * server about each of these.
 */
public final class SessionPermissions {

    private SessionPermissions() {
    }

    /** Deploy mode: Nightjar creates the pods in {@code namespace}. */
    public static List<RequiredPermission> forDeploy(String namespace) {
        List<RequiredPermission> p = new ArrayList<>();
        cluster(p, "", "nodes", "list the nodes to choose from; check each still exists", true, "list", "get");
        cluster(p, "", "nodes", "name endpoints by node", false, "watch");
        naming(p);
        cluster(p, "", "namespaces", "create namespace " + namespace + " when it is missing (not needed if an admin"
                + " created it)", false, "create");
        named(p, "namespaces", namespace, "see whether namespace " + namespace + " exists and its Pod Security level",
                true, "get");
        named(p, "namespaces", namespace, "mark and remove the namespace Nightjar created once nobody uses it (not"
                + " needed if an admin created it)", false, "patch", "delete");
        in(p, namespace, "", "pods", "", "create one sensor pod per node, follow it, remove it at Stop", true,
                "create", "list", "watch", "delete");
        in(p, namespace, "", "pods", "portforward", "reach the sensor through the API server (WebSocket: get;"
                + " Kubernetes 1.35+ also checks create)", true, "get", "create");
        in(p, namespace, "", "secrets", "", "the session token and its lease: create, renew (patch), confirm, remove",
                true, "create", "get", "list", "patch", "delete");
        in(p, namespace, "", "events", "", "say why a sensor pod does not start (image pulls, mounts)", false,
                "list", "watch");
        return List.copyOf(p);
    }

    /** Attach mode: the platform team's DaemonSet runs the sensors in {@code namespace}. */
    public static List<RequiredPermission> forAttach(String namespace) {
        List<RequiredPermission> p = new ArrayList<>();
        in(p, namespace, "", "pods", "", "find the installed sensors by label (list) and look at one whose stream"
                + " broke (get)", true, "list", "get");
        in(p, namespace, "", "pods", "portforward", "reach the sensor through the API server (WebSocket: get;"
                + " Kubernetes 1.35+ also checks create)", true, "get", "create");
        return List.copyOf(p);
    }

    /** Enrichment: optional, names only. */
    private static void naming(List<RequiredPermission> p) {
        String why = "name endpoints (without it, addresses stay unnamed)";
        cluster(p, "", "pods", why, false, "list", "watch");
        cluster(p, "", "services", why, false, "list", "watch");
        cluster(p, "", "namespaces", why, false, "list", "watch");
        cluster(p, "discovery.k8s.io", "endpointslices", why, false, "list", "watch");
        cluster(p, "networking.k8s.io", "networkpolicies", "explain drops by NetworkPolicy", false, "list", "watch");
        cluster(p, "apps", "replicasets", "name a pod's Deployment", false, "list", "watch");
        cluster(p, "batch", "jobs", "name a job pod's CronJob", false, "list", "watch");
    }

    private static void cluster(List<RequiredPermission> p, String group, String resource, String why,
                                boolean essential, String... verbs) {
        for (String v : verbs) {
            p.add(new RequiredPermission(v, group, resource, "", "", "", why, essential));
        }
    }

    private static void named(List<RequiredPermission> p, String resource, String name, String why, boolean essential,
                              String... verbs) {
        for (String v : verbs) {
            p.add(new RequiredPermission(v, "", resource, "", "", name, why, essential));
        }
    }

    private static void in(List<RequiredPermission> p, String namespace, String group, String resource,
                           String subresource, String why, boolean essential, String... verbs) {
        for (String v : verbs) {
            p.add(new RequiredPermission(v, group, resource, subresource, namespace, "", why, essential));
        }
    }
}
