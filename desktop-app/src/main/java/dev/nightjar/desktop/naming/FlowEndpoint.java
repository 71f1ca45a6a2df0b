package dev.nightjar.desktop.naming;

/**
 * One side of a flow as the user sees it: the address, and, where the cluster
 * snapshot knows it, the pod, workload or service behind it, or the node whose
 * own address it is. Empty strings mean unknown.
 */
public record FlowEndpoint(String ip, int port, String namespace, String pod, String workload, String service,
                           String node) {

    public FlowEndpoint {
        ip = nullToEmpty(ip);
        namespace = nullToEmpty(namespace);
        pod = nullToEmpty(pod);
        workload = nullToEmpty(workload);
        service = nullToEmpty(service);
        node = nullToEmpty(node);
    }

    /** Without a node: a pod, a service or a bare address. */
    public FlowEndpoint(String ip, int port, String namespace, String pod, String workload, String service) {
        this(ip, port, namespace, pod, workload, service, "");
    }

    public static FlowEndpoint ofAddress(String ip, int port) {
        return new FlowEndpoint(ip, port, "", "", "", "");
    }

    /** "shop/frontend-7d9:8080", "svc shop/cart:80", "node worker-1:10250" or "10.0.0.7:8080". */
    public String label() {
        if (!pod.isEmpty()) {
            return namespace + "/" + pod + ":" + port;
        }
        if (!service.isEmpty()) {
            return "svc " + namespace + "/" + service + ":" + port;
        }
        if (!node.isEmpty()) {
            return "node " + node + ":" + port;
        }
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
