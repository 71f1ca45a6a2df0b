package dev.nightjar.desktop.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What Nightjar knows of a cluster to name endpoints, as compact records: the fields
 * the views use and nothing else. Never Secrets, never environment values, no
 * annotations. Written into a capture bundle as {@code cluster/snapshot.json} and read
 * back so an offline bundle names its endpoints as the live session did.
 *
 * <p>Network policies are kept as fabric8 objects (trimmed to name, namespace, labels
 * and spec), because the drop explainer evaluates them with the API's own semantics
 * and they are few.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterSnapshot(int version, List<NodeRecord> nodes, List<PodRecord> pods,
                              List<ServiceRecord> services, List<EndpointSliceRecord> endpointSlices,
                              List<NetworkPolicy> networkPolicies, List<NamespaceRecord> namespaces,
                              List<OwnerRecord> owners) {

    /** The schema version this build writes; a reader accepts this one only. */
    public static final int VERSION = 1;

    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(VERSION, List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of());

    public ClusterSnapshot {
        nodes = copy(nodes);
        pods = copy(pods);
        services = copy(services);
        endpointSlices = copy(endpointSlices);
        networkPolicies = copy(networkPolicies);
        namespaces = copy(namespaces);
        owners = copy(owners);
    }

    /**
     * The same snapshot with every label map (of nodes, pods, services, namespaces, and the
     * label selectors of network policies) passed through {@code labels}: one call for the
     * export's label allow-list. The function gets an unmodifiable map and returns the labels to keep.
     */
    public ClusterSnapshot withLabels(UnaryOperator<Map<String, String>> labels) {
        Objects.requireNonNull(labels, "labels");
        UnaryOperator<Map<String, String>> safe = m -> Map.copyOf(Objects.requireNonNullElse(labels.apply(m), Map.of()));
        return new ClusterSnapshot(version,
                nodes.stream().map(n -> new NodeRecord(n.name(), safe.apply(n.labels()), n.addresses(),
                        n.kernelVersion(), n.osImage(), n.architecture(), n.containerRuntime())).toList(),
                pods.stream().map(p -> p.withLabels(safe.apply(p.labels()))).toList(),
                services.stream().map(s -> new ServiceRecord(s.namespace(), s.name(), safe.apply(s.labels()),
                        s.clusterIps(), s.ports())).toList(),
                endpointSlices,
                networkPolicies.stream().map(p -> PolicyTrim.withSelectorLabels(p, safe)).toList(),
                namespaces.stream().map(n -> new NamespaceRecord(n.name(), safe.apply(n.labels()))).toList(),
                owners);
    }

    /**
     * The same snapshot with every address (node addresses, pod IPs, service cluster IPs,
     * endpoint-slice addresses) passed through {@code address}: for an export that hashes
     * addresses, so the snapshot still names the hashed addresses of the events. Network
     * policies' ipBlock CIDRs are kept: a CIDR is a range, and hashing it would change what
     * the policy means.
     */
    public ClusterSnapshot withAddresses(UnaryOperator<String> address) {
        Objects.requireNonNull(address, "address");
        UnaryOperator<List<String>> all = list -> list.stream().map(address).toList();
        return new ClusterSnapshot(version,
                nodes.stream().map(n -> new NodeRecord(n.name(), n.labels(), all.apply(n.addresses()),
                        n.kernelVersion(), n.osImage(), n.architecture(), n.containerRuntime())).toList(),
                pods.stream().map(p -> new PodRecord(p.namespace(), p.name(), p.uid(), p.node(), p.hostNetwork(),
                        all.apply(p.ips()), p.labels(), p.ownerKind(), p.ownerName(), p.templateHash(), p.containers(),
                        p.hostPorts())).toList(),
                services.stream().map(s -> new ServiceRecord(s.namespace(), s.name(), s.labels(),
                        all.apply(s.clusterIps()), s.ports())).toList(),
                endpointSlices.stream().map(e -> new EndpointSliceRecord(e.namespace(), e.name(), e.service(),
                        all.apply(e.addresses()), e.ports())).toList(),
                networkPolicies, namespaces, owners);
    }

    /** How many objects the snapshot holds, for a status line. */
    public int objectCount() {
        return nodes.size() + pods.size() + services.size() + endpointSlices.size() + networkPolicies.size()
                + namespaces.size() + owners.size();
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static Map<String, String> orEmpty(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** @param addresses InternalIP, ExternalIP and Hostname addresses of the node */
    public record NodeRecord(String name, Map<String, String> labels, List<String> addresses, String kernelVersion,
                             String osImage, String architecture, String containerRuntime) {
        public NodeRecord {
            labels = Map.copyOf(orEmpty(labels));
            addresses = copy(addresses);
        }
    }

    /**
     * One pod that has not finished.
     *
     * @param ownerKind  kind of the controller owner reference ("" for a bare pod)
     * @param hostPorts  ports the pod listens on the node's address with: container ports of a
     *                   host-network pod, and declared host ports of any pod
     * @param templateHash the {@code pod-template-hash} label, to name a Deployment when its
     *                     ReplicaSet is unknown
     */
    public record PodRecord(String namespace, String name, String uid, String node, boolean hostNetwork,
                            List<String> ips, Map<String, String> labels, String ownerKind, String ownerName,
                            String templateHash, List<ContainerRecord> containers, List<Integer> hostPorts) {
        public PodRecord {
            ips = copy(ips);
            labels = Map.copyOf(orEmpty(labels));
            containers = copy(containers);
            hostPorts = copy(hostPorts);
        }

        PodRecord withLabels(Map<String, String> newLabels) {
            return new PodRecord(namespace, name, uid, node, hostNetwork, ips, newLabels, ownerKind, ownerName,
                    templateHash, containers, hostPorts);
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    /** @param id the runtime's container id without its {@code containerd://} scheme, or "" before it starts */
    public record ContainerRecord(String name, String id) {
    }

    public record ServiceRecord(String namespace, String name, Map<String, String> labels, List<String> clusterIps,
                                List<PortRecord> ports) {
        public ServiceRecord {
            labels = Map.copyOf(orEmpty(labels));
            clusterIps = copy(clusterIps);
            ports = copy(ports);
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    /** @param name the port's name ("" when the object has a single unnamed port) */
    public record PortRecord(String name, int port, String protocol) {
    }

    /** @param service the service the slice belongs to ({@code kubernetes.io/service-name}), "" if none */
    public record EndpointSliceRecord(String namespace, String name, String service, List<String> addresses,
                                      List<PortRecord> ports) {
        public EndpointSliceRecord {
            addresses = copy(addresses);
            ports = copy(ports);
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    public record NamespaceRecord(String name, Map<String, String> labels) {
        public NamespaceRecord {
            labels = Map.copyOf(orEmpty(labels));
        }
    }

    /**
     * A ReplicaSet or Job and its own controller (a Deployment, a CronJob), to name the
     * workload behind a pod.
     */
    public record OwnerRecord(String kind, String namespace, String name, String controllerKind,
                              String controllerName) {
        String key() {
            return kind + "/" + namespace + "/" + name;
        }
    }
}
