package dev.nightjar.desktop.flows;

/**
 * Puts names on addresses: pod, workload and service behind an IP, from the
 * cluster snapshot of a live session or of a bundle. Without a snapshot,
 * addresses stay addresses.
 */
@FunctionalInterface
public interface EndpointNamer {

    EndpointNamer ADDRESSES_ONLY = FlowEndpoint::ofAddress;

    FlowEndpoint name(String ip, int port);
}
