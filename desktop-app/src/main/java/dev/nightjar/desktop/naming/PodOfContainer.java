package dev.nightjar.desktop.naming;

import java.util.Optional;

/**
 * Names the pod a container runs in, e.g. "shop/frontend-7d9c", from a cluster snapshot.
 * Without one, processes are grouped by container id.
 */
@FunctionalInterface
public interface PodOfContainer {

    PodOfContainer UNKNOWN = containerId -> Optional.empty();

    /** @param containerId the runtime's id as the sensor reports it, without a "containerd://" prefix */
    Optional<String> podOf(String containerId);
}
