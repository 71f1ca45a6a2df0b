package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.cluster.ClusterSnapshot.ContainerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.EndpointSliceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NamespaceRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.NodeRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.OwnerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PortRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ServiceRecord;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * fabric8 API objects to the compact records of {@link ClusterSnapshot}: only the
 * fields enrichment uses, every string interned (namespaces, node names, label keys
 * and values repeat across thousands of pods). Only reads the objects it is given.
 */
public final class ApiRecords {

    static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private ApiRecords() {
    }

    /** A pod that has not finished, or empty for a Succeeded or Failed one (its IPs may belong to a new pod). */
    public static Optional<PodRecord> pod(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.empty();
        }
        var meta = pod.getMetadata();
        boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        OwnerReference controller = controllerOf(pod);
        Map<String, String> labels = labels(meta.getLabels());
        List<ContainerRecord> containers = new ArrayList<>();
        Set<Integer> hostPorts = new TreeSet<>();
        if (pod.getSpec() != null) {
            List<io.fabric8.kubernetes.api.model.Container> all = new ArrayList<>();
            if (pod.getSpec().getContainers() != null) {
                all.addAll(pod.getSpec().getContainers());
            }
            for (var c : all) {
                for (ContainerPort port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                    if (port.getHostPort() != null && port.getHostPort() > 0) {
                        hostPorts.add(port.getHostPort());
                    } else if (hostNetwork && port.getContainerPort() != null) {
                        hostPorts.add(port.getContainerPort());
                    }
                }
            }
        }
        if (pod.getStatus() != null) {
            addContainers(containers, pod.getStatus().getContainerStatuses());
            addContainers(containers, pod.getStatus().getInitContainerStatuses());
            addContainers(containers, pod.getStatus().getEphemeralContainerStatuses());
        }
        return Optional.of(new PodRecord(intern(meta.getNamespace()), intern(meta.getName()), emptyIfNull(meta.getUid()),
                intern(pod.getSpec() == null ? "" : pod.getSpec().getNodeName()), hostNetwork, podIps(pod), labels,
                intern(controller == null ? "" : controller.getKind()),
                intern(controller == null ? "" : controller.getName()),
                intern(labels.getOrDefault(TEMPLATE_HASH_LABEL, "")), containers, List.copyOf(hostPorts)));
    }

    public static ServiceRecord service(Service service) {
        var spec = service.getSpec();
        List<String> ips = new ArrayList<>();
        List<PortRecord> ports = new ArrayList<>();
        if (spec != null) {
            Set<String> all = new LinkedHashSet<>();
            if (spec.getClusterIPs() != null) {
                all.addAll(spec.getClusterIPs());
            }
            if (spec.getClusterIP() != null) {
                all.add(spec.getClusterIP());
            }
            all.stream().filter(ip -> ip != null && !ip.isBlank() && !"None".equals(ip)).forEach(ips::add);
            for (ServicePort p : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
                if (p.getPort() != null) {
                    ports.add(new PortRecord(intern(p.getName()), p.getPort(), intern(p.getProtocol())));
                }
            }
        }
        return new ServiceRecord(intern(service.getMetadata().getNamespace()), intern(service.getMetadata().getName()),
                labels(service.getMetadata().getLabels()), ips, ports);
    }

    public static EndpointSliceRecord endpointSlice(EndpointSlice slice) {
        List<String> addresses = new ArrayList<>();
        for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
            if (e.getAddresses() != null) {
                e.getAddresses().stream().filter(a -> a != null && !a.isBlank()).forEach(addresses::add);
            }
        }
        List<PortRecord> ports = new ArrayList<>();
        for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
            if (p.getPort() != null) {
                ports.add(new PortRecord(intern(p.getName()), p.getPort(), intern(p.getProtocol())));
            }
        }
        Map<String, String> labels = slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels();
        return new EndpointSliceRecord(intern(slice.getMetadata().getNamespace()), intern(slice.getMetadata().getName()),
                intern(labels.getOrDefault(SERVICE_NAME_LABEL, "")), addresses, ports);
    }

    public static NodeRecord node(Node node) {
        List<String> addresses = new ArrayList<>();
        var info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if (("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) && a.getAddress() != null) {
                    addresses.add(a.getAddress());
                }
            }
        }
        return new NodeRecord(intern(node.getMetadata().getName()), labels(node.getMetadata().getLabels()), addresses,
                intern(info == null ? "" : info.getKernelVersion()), intern(info == null ? "" : info.getOsImage()),
                intern(info == null ? "" : info.getArchitecture()),
                intern(info == null ? "" : info.getContainerRuntimeVersion()));
    }

    public static NamespaceRecord namespace(Namespace namespace) {
        return new NamespaceRecord(intern(namespace.getMetadata().getName()), labels(namespace.getMetadata().getLabels()));
    }

    /** A ReplicaSet or a Job and its controller (a Deployment, a CronJob), or none. */
    public static OwnerRecord owner(HasMetadata object) {
        OwnerReference controller = controllerOf(object);
        return new OwnerRecord(intern(object.getKind()), intern(object.getMetadata().getNamespace()),
                intern(object.getMetadata().getName()), intern(controller == null ? "" : controller.getKind()),
                intern(controller == null ? "" : controller.getName()));
    }

    /** The runtime's container id without its scheme: "containerd://abc" becomes "abc". */
    static String bareContainerId(String id) {
        if (id == null) {
            return "";
        }
        int scheme = id.indexOf("://");
        return scheme < 0 ? id : id.substring(scheme + 3);
    }

    private static void addContainers(List<ContainerRecord> out, List<ContainerStatus> statuses) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus s : statuses) {
            out.add(new ContainerRecord(intern(s.getName()), bareContainerId(s.getContainerID())));
        }
    }

    private static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }

    private static List<String> podIps(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<PodIP> ips = pod.getStatus().getPodIPs();
        Set<String> all = new LinkedHashSet<>();
        if (ips != null) {
            ips.stream().map(PodIP::getIp).forEach(all::add);
        }
        all.add(pod.getStatus().getPodIP());
        return all.stream().filter(ip -> ip != null && !ip.isBlank()).toList();
    }

    /** Interned keys and values; an unmodifiable copy (never the object's own map). */
    static Map<String, String> labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>(labels.size() * 2);
        labels.forEach((k, v) -> out.put(intern(k), intern(v)));
        return Map.copyOf(out);
    }

    /**
     * The JVM's string table: namespace, node and label strings repeat across thousands of
     * pods, so each distinct one is kept once.
     */
    static String intern(String s) {
        return s == null ? "" : s.intern();
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
