package dev.nightjar.desktop.drops;

import dev.nightjar.desktop.naming.FlowEndpoint;

/** Packets of one reason between the same endpoints, freed at the same kernel location. */
public record DropTuple(
        String node,
        FlowEndpoint source,
        FlowEndpoint destination,
        String protocol,
        String location,
        String ifname,
        long packets,
        long lastSeenNs) {
}
