package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.flows.EndpointNamer;
import dev.nightjar.desktop.flows.FlowEndpoint;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names addresses from a cluster snapshot: pod IPs to namespace/pod/workload,
 * service cluster IPs to namespace/service. It keeps only a small record per
 * address, never the API objects, so 10,000 pods cost about a megabyte, and it
 * is immutable: rebuild it from the informers' caches when they change.
 *
 * <p>Host-network pods share their node's IP; an address used by several of
 * them is left unnamed rather than named wrongly.
 */
public final class EndpointDirectory implements EndpointNamer {

    private record Identity(String namespace, String pod, String workload, String service) {
    }

    private static final Identity AMBIGUOUS = new Identity("", "", "", "");
    /** ReplicaSets made by a Deployment are named deployment-<pod-template-hash>. */
    private static final Pattern TEMPLATE_HASH = Pattern.compile("-[a-z0-9]{6,10}$");
    /** Jobs made by a CronJob are named cronjob-<scheduled time in minutes>. */
    private static final Pattern CRONJOB_SUFFIX = Pattern.compile("-\\d{8,}$");

    private final Map<String, Identity> byIp;

    private EndpointDirectory(Map<String, Identity> byIp) {
        this.byIp = Map.copyOf(byIp);
    }

    public static EndpointDirectory of(List<Pod> pods, List<Service> services) {
        Map<String, Identity> byIp = new HashMap<>();
        for (Pod pod : pods) {
            if (pod.getStatus() == null || isFinished(pod)) {
                continue;
            }
            boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
            Identity id = new Identity(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), workloadOf(pod), "");
            for (String ip : podIps(pod)) {
                if (hostNetwork) {
                    byIp.merge(ip, id, (a, b) -> AMBIGUOUS);
                } else {
                    byIp.put(ip, id);
                }
            }
        }
        for (Service svc : services) {
            if (svc.getSpec() == null) {
                continue;
            }
            List<String> ips = svc.getSpec().getClusterIPs() != null && !svc.getSpec().getClusterIPs().isEmpty()
                    ? svc.getSpec().getClusterIPs()
                    : svc.getSpec().getClusterIP() == null ? List.of() : List.of(svc.getSpec().getClusterIP());
            for (String ip : ips) {
                if (!ip.isBlank() && !"None".equals(ip)) {
                    byIp.put(ip, new Identity(svc.getMetadata().getNamespace(), "", "", svc.getMetadata().getName()));
                }
            }
        }
        byIp.values().removeIf(id -> id == AMBIGUOUS);
        return new EndpointDirectory(byIp);
    }

    @Override
    public FlowEndpoint name(String ip, int port) {
        Identity id = byIp.get(ip);
        if (id == null) {
            return FlowEndpoint.ofAddress(ip, port);
        }
        return new FlowEndpoint(ip, port, id.namespace(), id.pod(), id.workload(), id.service());
    }

    public int size() {
        return byIp.size();
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static List<String> podIps(Pod pod) {
        List<PodIP> ips = pod.getStatus().getPodIPs();
        if (ips != null && !ips.isEmpty()) {
            return ips.stream().map(PodIP::getIp).filter(ip -> ip != null && !ip.isBlank()).toList();
        }
        String ip = pod.getStatus().getPodIP();
        return ip == null || ip.isBlank() ? List.of() : List.of(ip);
    }

    /**
     * The workload a pod belongs to, from its controller owner reference:
     * a Deployment through its ReplicaSet's name, a CronJob through its Job's
     * name, StatefulSets, DaemonSets and Jobs directly; a bare pod is its own workload.
     */
    static String workloadOf(Pod pod) {
        Optional<OwnerReference> controller = pod.getMetadata().getOwnerReferences() == null ? Optional.empty()
                : pod.getMetadata().getOwnerReferences().stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
        if (controller.isEmpty()) {
            return pod.getMetadata().getName();
        }
        OwnerReference owner = controller.get();
        return switch (owner.getKind()) {
            case "ReplicaSet" -> TEMPLATE_HASH.matcher(owner.getName()).replaceFirst("");
            case "Job" -> CRONJOB_SUFFIX.matcher(owner.getName()).replaceFirst("");
            default -> owner.getName();
        };
    }
}
