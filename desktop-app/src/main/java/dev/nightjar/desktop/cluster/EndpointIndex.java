package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.cluster.ClusterSnapshot.ContainerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.EndpointSliceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NamespaceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NodeRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.OwnerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PortRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ServiceRecord;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The cluster as enrichment sees it: compact records by key, and the lookups built
 * from them (IP to pod or service, container id and pod UID to pod, node addresses).
 * Informer threads write ({@code put…}/{@code remove…}); views read. One read-write
 * lock: writes are rare next to lookups, and each write keeps every index consistent.
 *
 * <p>Naming choices: a pod IP names the pod that had it last (an IP reused by a new pod
 * names the new pod; the old pod's removal does not unname it). A node's address names
 * the one host-network pod on that node that declares the port, when exactly one does;
 * otherwise it names the node. Finished pods are not kept.
 */
public final class EndpointIndex implements EndpointNamer {

    /** A container of a pod, found by container id or cgroup path. */
    public record ContainerIdentity(String namespace, String pod, String container, String node, String workloadKind,
                                    String workload) {
    }

    private record Workload(String kind, String name) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, PodRecord> pods = new HashMap<>();
    private final Map<String, ServiceRecord> services = new HashMap<>();
    private final Map<String, EndpointSliceRecord> slices = new HashMap<>();
    private final Map<String, NetworkPolicy> policies = new HashMap<>();
    private final Map<String, NamespaceRecord> namespaces = new HashMap<>();
    private final Map<String, NodeRecord> nodes = new HashMap<>();
    private final Map<String, OwnerRecord> owners = new HashMap<>();

    private final Map<String, String> podByIp = new HashMap<>();
    private final Map<String, String> podByUid = new HashMap<>();
    private final Map<String, String> podByContainerId = new HashMap<>();
    private final Map<String, Set<String>> hostNetworkPodsByNode = new HashMap<>();
    private final Map<String, String> serviceByClusterIp = new HashMap<>();
    /** Address to the keys of the slices that list it; slices of one service repeat an address rarely. */
    private final Map<String, Set<String>> slicesByAddress = new HashMap<>();
    private final Map<String, String> nodeByAddress = new HashMap<>();

    public EndpointIndex() {
    }

    /** An index holding what a snapshot holds: a bundle's names, offline. */
    public static EndpointIndex of(ClusterSnapshot snapshot) {
        EndpointIndex index = new EndpointIndex();
        snapshot.namespaces().forEach(index::putNamespace);
        snapshot.nodes().forEach(index::putNode);
        snapshot.owners().forEach(index::putOwner);
        snapshot.pods().forEach(index::putPod);
        snapshot.services().forEach(index::putService);
        snapshot.endpointSlices().forEach(index::putEndpointSlice);
        snapshot.networkPolicies().forEach(index::putNetworkPolicy);
        return index;
    }

    // ---- writes

    public void putPod(PodRecord pod) {
        write(() -> {
            PodRecord old = pods.put(pod.key(), pod);
            if (old != null) {
                unindexPod(old, pod);
            }
            indexPod(pod, old);
        });
    }

    public void removePod(String namespace, String name) {
        write(() -> {
            PodRecord old = pods.remove(namespace + "/" + name);
            if (old != null) {
                unindexPod(old, null);
            }
        });
    }

    public void putService(ServiceRecord service) {
        write(() -> {
            ServiceRecord old = services.put(service.key(), service);
            if (old != null) {
                old.clusterIps().forEach(ip -> serviceByClusterIp.remove(ip, old.key()));
            }
            service.clusterIps().forEach(ip -> serviceByClusterIp.put(ip, service.key()));
        });
    }

    public void removeService(String namespace, String name) {
        write(() -> {
            ServiceRecord old = services.remove(namespace + "/" + name);
            if (old != null) {
                old.clusterIps().forEach(ip -> serviceByClusterIp.remove(ip, old.key()));
            }
        });
    }

    public void putEndpointSlice(EndpointSliceRecord slice) {
        write(() -> {
            EndpointSliceRecord old = slices.put(slice.key(), slice);
            if (old != null) {
                unindexSlice(old);
            }
            slice.addresses().forEach(a -> slicesByAddress.computeIfAbsent(a, k -> new TreeSet<>()).add(slice.key()));
        });
    }

    public void removeEndpointSlice(String namespace, String name) {
        write(() -> {
            EndpointSliceRecord old = slices.remove(namespace + "/" + name);
            if (old != null) {
                unindexSlice(old);
            }
        });
    }

    /** Keeps a trimmed copy; the given object is not changed. */
    public void putNetworkPolicy(NetworkPolicy policy) {
        NetworkPolicy trimmed = PolicyTrim.trimmed(policy);
        write(() -> policies.put(key(trimmed.getMetadata().getNamespace(), trimmed.getMetadata().getName()), trimmed));
    }

    public void removeNetworkPolicy(String namespace, String name) {
        write(() -> policies.remove(key(namespace, name)));
    }

    public void putNamespace(NamespaceRecord namespace) {
        write(() -> namespaces.put(namespace.name(), namespace));
    }

    public void removeNamespace(String name) {
        write(() -> namespaces.remove(name));
    }

    public void putNode(NodeRecord node) {
        write(() -> {
            NodeRecord old = nodes.put(node.name(), node);
            if (old != null) {
                old.addresses().forEach(a -> nodeByAddress.remove(a, old.name()));
            }
            node.addresses().forEach(a -> nodeByAddress.put(a, node.name()));
        });
    }

    public void removeNode(String name) {
        write(() -> {
            NodeRecord old = nodes.remove(name);
            if (old != null) {
                old.addresses().forEach(a -> nodeByAddress.remove(a, old.name()));
            }
        });
    }

    public void putOwner(OwnerRecord owner) {
        write(() -> owners.put(owner.key(), owner));
    }

    public void removeOwner(String kind, String namespace, String name) {
        write(() -> owners.remove(kind + "/" + namespace + "/" + name));
    }

    // ---- lookups

    @Override
    public FlowEndpoint name(String ip, int port) {
        return identify(ip, port).map(EndpointIdentity::toFlowEndpoint).orElseGet(() -> FlowEndpoint.ofAddress(ip, port));
    }

    /** What is behind an address and port, if the cluster knows. */
    public Optional<EndpointIdentity> identify(String ip, int port) {
        return read(() -> {
            String podKey = podByIp.get(ip);
            if (podKey != null) {
                return Optional.of(podIdentity(pods.get(podKey), ip, port, EndpointIdentity.Kind.POD));
            }
            String serviceKey = serviceByClusterIp.get(ip);
            if (serviceKey != null) {
                ServiceRecord s = services.get(serviceKey);
                String portName = s.ports().stream().filter(p -> p.port() == port).map(PortRecord::name)
                        .findFirst().orElse("");
                return Optional.of(new EndpointIdentity(ip, port, EndpointIdentity.Kind.SERVICE, s.namespace(), "", "",
                        "", s.name(), portName, ""));
            }
            String node = nodeByAddress.get(ip);
            if (node != null) {
                List<PodRecord> listening = hostNetworkPodsByNode.getOrDefault(node, Set.of()).stream()
                        .map(pods::get).filter(p -> p.hostPorts().contains(port)).toList();
                if (listening.size() == 1) {
                    return Optional.of(podIdentity(listening.getFirst(), ip, port, EndpointIdentity.Kind.HOST_NETWORK_POD));
                }
                return Optional.of(new EndpointIdentity(ip, port, EndpointIdentity.Kind.NODE, "", "", "", "", "", "", node));
            }
            Set<String> sliceKeys = slicesByAddress.get(ip);
            if (sliceKeys != null && !sliceKeys.isEmpty()) {
                EndpointSliceRecord slice = slices.get(sliceKeys.iterator().next());
                return Optional.of(new EndpointIdentity(ip, port, EndpointIdentity.Kind.SERVICE_ENDPOINT,
                        slice.namespace(), "", "", "", slice.service(), portName(slice.ports(), port), ""));
            }
            return Optional.empty();
        });
    }

    @Override
    public Optional<String> podOfContainer(String containerId) {
        return container(containerId).map(c -> c.namespace() + "/" + c.pod());
    }

    /** The pod and container a runtime container id belongs to ("containerd://" prefix or not). */
    public Optional<ContainerIdentity> container(String containerId) {
        String bare = ApiRecords.bareContainerId(containerId);
        return read(() -> Optional.ofNullable(podByContainerId.get(bare)).map(pods::get)
                .map(p -> containerIdentity(p, containerOf(p, bare))));
    }

    /**
     * The pod (and container, when the path names one) of a cgroup path as the sensor
     * reports it: by the container id in it, else by the pod UID in it.
     */
    public Optional<ContainerIdentity> cgroup(String cgroupPath) {
        Optional<ContainerIdentity> byContainer = CgroupPaths.containerId(cgroupPath).flatMap(this::container);
        if (byContainer.isPresent()) {
            return byContainer;
        }
        return CgroupPaths.podUid(cgroupPath).flatMap(uid -> read(() -> Optional.ofNullable(podByUid.get(uid))
                .map(pods::get).map(p -> containerIdentity(p, ""))));
    }

    /** Everything held, as a snapshot a bundle can carry; sorted so equal clusters give equal files. */
    public ClusterSnapshot snapshot() {
        return read(() -> new ClusterSnapshot(ClusterSnapshot.VERSION,
                sorted(nodes.values(), Comparator.comparing(NodeRecord::name)),
                sorted(pods.values(), Comparator.comparing(PodRecord::key)),
                sorted(services.values(), Comparator.comparing(ServiceRecord::key)),
                sorted(slices.values(), Comparator.comparing(EndpointSliceRecord::key)),
                sorted(policies.values(), Comparator.comparing(p -> key(p.getMetadata().getNamespace(),
                        p.getMetadata().getName()))),
                sorted(namespaces.values(), Comparator.comparing(NamespaceRecord::name)),
                sorted(owners.values(), Comparator.comparing(OwnerRecord::key))));
    }

    /** Pods held (not finished). */
    public int podCount() {
        return read(pods::size);
    }

    // ---- internals, called under the lock

    private EndpointIdentity podIdentity(PodRecord pod, String ip, int port, EndpointIdentity.Kind kind) {
        Workload w = workloadOf(pod);
        String service = "";
        if (kind == EndpointIdentity.Kind.POD) {
            Set<String> sliceKeys = slicesByAddress.get(ip);
            if (sliceKeys != null) {
                service = sliceKeys.stream().map(slices::get)
                        .filter(s -> s.namespace().equals(pod.namespace()) && !s.service().isEmpty())
                        .map(EndpointSliceRecord::service).sorted().findFirst().orElse("");
            }
        }
        return new EndpointIdentity(ip, port, kind, pod.namespace(), pod.name(), w.kind(), w.name(), service, "",
                pod.node());
    }

    private ContainerIdentity containerIdentity(PodRecord pod, String container) {
        Workload w = workloadOf(pod);
        return new ContainerIdentity(pod.namespace(), pod.name(), container, pod.node(), w.kind(), w.name());
    }

    /**
     * From the pod's controller: a ReplicaSet's own controller (a Deployment), a Job's
     * (a CronJob), or the controller itself. When the ReplicaSet is not known (yet), a
     * Deployment's name is the ReplicaSet's minus its pod-template-hash.
     */
    private Workload workloadOf(PodRecord pod) {
        if (pod.ownerKind().isEmpty()) {
            return new Workload("Pod", pod.name());
        }
        OwnerRecord owner = owners.get(pod.ownerKind() + "/" + pod.namespace() + "/" + pod.ownerName());
        if (owner != null && !owner.controllerKind().isEmpty()) {
            return new Workload(owner.controllerKind(), owner.controllerName());
        }
        if (owner == null && "ReplicaSet".equals(pod.ownerKind()) && !pod.templateHash().isEmpty()
                && pod.ownerName().endsWith("-" + pod.templateHash())) {
            return new Workload("Deployment",
                    pod.ownerName().substring(0, pod.ownerName().length() - pod.templateHash().length() - 1));
        }
        return new Workload(pod.ownerKind(), pod.ownerName());
    }

    private static String containerOf(PodRecord pod, String id) {
        return pod.containers().stream().filter(c -> c.id().equals(id)).map(ContainerRecord::name).findFirst().orElse("");
    }

    private static String portName(List<PortRecord> ports, int port) {
        return ports.stream().filter(p -> p.port() == port).map(PortRecord::name).findFirst().orElse("");
    }

    /**
     * An IP goes to the pod that was given it last: a pod takes an address it did not
     * have before; an update that keeps an address another pod took since (a terminating
     * pod's status write) does not take it back.
     */
    private void indexPod(PodRecord pod, PodRecord previous) {
        String key = pod.key();
        if (pod.hostNetwork()) {
            if (!pod.node().isEmpty()) {
                hostNetworkPodsByNode.computeIfAbsent(pod.node(), n -> new TreeSet<>()).add(key);
            }
        } else {
            boolean hadAddresses = previous != null && !previous.hostNetwork();
            for (String ip : pod.ips()) {
                if (!hadAddresses || !previous.ips().contains(ip)) {
                    podByIp.put(ip, key);
                } else {
                    podByIp.putIfAbsent(ip, key);
                }
            }
        }
        if (!pod.uid().isEmpty()) {
            podByUid.put(pod.uid(), key);
        }
        pod.containers().stream().map(ContainerRecord::id).filter(id -> !id.isEmpty())
                .forEach(id -> podByContainerId.put(id, key));
    }

    /** @param next the pod's new record, whose addresses stay where they are; null on removal */
    private void unindexPod(PodRecord pod, PodRecord next) {
        String key = pod.key();
        // remove(k, v): an IP (or id) that a newer pod took is left to the newer pod
        pod.ips().stream().filter(ip -> next == null || next.hostNetwork() || !next.ips().contains(ip))
                .forEach(ip -> podByIp.remove(ip, key));
        podByUid.remove(pod.uid(), key);
        pod.containers().forEach(c -> podByContainerId.remove(c.id(), key));
        Set<String> onNode = hostNetworkPodsByNode.get(pod.node());
        if (onNode != null) {
            onNode.remove(key);
            if (onNode.isEmpty()) {
                hostNetworkPodsByNode.remove(pod.node());
            }
        }
    }

    private void unindexSlice(EndpointSliceRecord slice) {
        for (String a : slice.addresses()) {
            Set<String> keys = slicesByAddress.get(a);
            if (keys != null) {
                keys.remove(slice.key());
                if (keys.isEmpty()) {
                    slicesByAddress.remove(a);
                }
            }
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static <T> List<T> sorted(java.util.Collection<T> values, Comparator<T> order) {
        List<T> out = new ArrayList<>(values);
        out.sort(order);
        return out;
    }

    private void write(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
