package dev.nightjar.desktop.naming;

/**
 * What one box of the service map stands for, and how a filter finds its side of a request:
 * the endpoint's workload, else its pod, else its service, else the node whose address it is,
 * else the bare address. Ports are left out: a workload answers on several.
 *
 * @param label      "shop/frontend", "svc shop/cart", "node worker-1" or "10.0.2.20"
 * @param filterKey  the Flows filter field that matches it: workload, pod, svc or ip
 * @param filterValue the field's value, e.g. "shop/frontend" or "10.0.2.20"
 */
public record Workload(String label, String filterKey, String filterValue) {

    public static Workload of(FlowEndpoint e) {
        if (!e.workload().isEmpty()) {
            return new Workload(e.namespace() + "/" + e.workload(), "workload", e.namespace() + "/" + e.workload());
        }
        if (!e.pod().isEmpty()) {
            return new Workload(e.namespace() + "/" + e.pod(), "pod", e.namespace() + "/" + e.pod());
        }
        if (!e.service().isEmpty()) {
            return new Workload("svc " + e.namespace() + "/" + e.service(), "svc", e.namespace() + "/" + e.service());
        }
        if (!e.node().isEmpty()) {
            return new Workload("node " + e.node(), "ip", e.ip());
        }
        return new Workload(e.ip().indexOf(':') >= 0 ? "[" + e.ip() + "]" : e.ip(), "ip", e.ip());
    }

    /** The filter term for this side of a request: "from-workload=shop/frontend", "to-ip=10.0.2.20". */
    public String filterTerm(boolean client) {
        return (client ? "from-" : "to-") + filterKey + "=" + filterValue;
    }
}
