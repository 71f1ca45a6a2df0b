package dev.nightjar.desktop.drops;

import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.Locale;

/**
 * Packets of one reason between the same endpoints, freed at the same kernel location.
 * The client side of a connection draws a new ephemeral port for every attempt: those are
 * folded into one row, whose endpoint then stands for every port it used.
 *
 * @param sourcePorts      distinct source ports folded into this row (1: the port shown is the only one)
 * @param destinationPorts the same for the destination
 */
public record DropTuple(
        String node,
        FlowEndpoint source,
        FlowEndpoint destination,
        String protocol,
        String location,
        String ifname,
        long packets,
        long lastSeenNs,
        int sourcePorts,
        int destinationPorts) {

    public DropTuple(String node, FlowEndpoint source, FlowEndpoint destination, String protocol, String location,
                     String ifname, long packets, long lastSeenNs) {
        this(node, source, destination, protocol, location, ifname, packets, lastSeenNs, 1, 1);
    }

    /** "10.0.0.7:8080", or "10.0.0.7 (41 ephemeral ports)" for a folded side. */
    public String sourceLabel() {
        return label(source, sourcePorts);
    }

    public String destinationLabel() {
        return label(destination, destinationPorts);
    }

    private static String label(FlowEndpoint e, int ports) {
        if (ports <= 1) {
            return e.label();
        }
        String at = e.label();
        String host = at.substring(0, at.lastIndexOf(':'));
        return String.format(Locale.ROOT, "%s (%,d ephemeral ports)", host, ports);
    }
}
