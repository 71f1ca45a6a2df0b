package dev.nightjar.desktop.syscalls;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Container id to "namespace/pod" from a snapshot of pods (their container statuses). Keeps only
 * the ids and names, never the API objects; immutable: rebuild it when the pods change.
 */
public final class ContainerPods implements PodOfContainer {

    private final Map<String, String> podByContainer;

    private ContainerPods(Map<String, String> podByContainer) {
        this.podByContainer = Map.copyOf(podByContainer);
    }

    public static ContainerPods of(List<Pod> pods) {
        Map<String, String> byId = new HashMap<>();
        for (Pod pod : pods) {
            if (pod.getStatus() == null || pod.getMetadata() == null) {
                continue;
            }
            String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            for (ContainerStatus status : statuses) {
                String id = bareId(status.getContainerID());
                if (!id.isEmpty()) {
                    byId.put(id, name);
                }
            }
        }
        return new ContainerPods(byId);
    }

    /** "containerd://abc" → "abc"; the sensor reports the bare id. */
    static String bareId(String containerId) {
        if (containerId == null) {
            return "";
        }
        int scheme = containerId.indexOf("://");
        return scheme < 0 ? containerId : containerId.substring(scheme + 3);
    }

    @Override
    public Optional<String> podOf(String containerId) {
        return Optional.ofNullable(podByContainer.get(bareId(containerId)));
    }

    public int size() {
        return podByContainer.size();
    }
}
