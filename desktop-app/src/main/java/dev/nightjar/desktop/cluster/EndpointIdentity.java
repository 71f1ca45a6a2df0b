package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.naming.FlowEndpoint;

/**
 * What the cluster says is behind an address and port. Empty strings mean unknown.
 *
 * @param kind         what the address belongs to
 * @param workloadKind Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, … or Pod for a bare pod
 * @param service      for a pod: the service whose endpoint slices list the address; for a
 *                     cluster IP: the service itself
 * @param servicePort  the service port's name for a cluster IP and port, when the port is named
 * @param node         the node a pod runs on, or the node that owns the address
 */
public record EndpointIdentity(String ip, int port, Kind kind, String namespace, String pod, String workloadKind,
                               String workload, String service, String servicePort, String node) {

    public enum Kind {
        /** A pod with its own network namespace. */
        POD,
        /** A host-network pod on the node with this address, named because it alone declares the port. */
        HOST_NETWORK_POD,
        /** A node's own address (host-network pods on it could not be told apart by port). */
        NODE,
        /** A service's cluster IP. */
        SERVICE,
        /** An address that only a service's endpoint slice lists (an endpoint outside the pod network). */
        SERVICE_ENDPOINT
    }

    public FlowEndpoint toFlowEndpoint() {
        return new FlowEndpoint(ip, port, namespace, pod, workload, service, node);
    }
}
