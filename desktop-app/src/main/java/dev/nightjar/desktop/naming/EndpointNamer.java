package dev.nightjar.desktop.naming;

import java.util.Optional;

/**
 * Puts names on addresses: pod, workload and service behind an IP, from the
 * cluster snapshot of a live session or of a bundle. Without a snapshot,
 * addresses stay addresses.
 */
@FunctionalInterface
public interface EndpointNamer {

    EndpointNamer ADDRESSES_ONLY = FlowEndpoint::ofAddress;

    FlowEndpoint name(String ip, int port);

    /**
     * "namespace/pod" of the pod a runtime container id (as the sensor reports it) runs in,
     * from the same snapshot; empty when unknown or without a snapshot.
     */
    default Optional<String> podOfContainer(String containerId) {
        return Optional.empty();
    }
}
