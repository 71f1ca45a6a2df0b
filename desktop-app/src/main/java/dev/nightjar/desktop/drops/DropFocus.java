package dev.nightjar.desktop.drops;

import dev.nightjar.desktop.naming.FlowEndpoint;

/**
 * The drops of one flow's packets, either way: what "show drops for this tuple" on
 * a flow narrows the Drops page to. A port 0 (an aggregate of flows, or of drops)
 * matches any port.
 *
 * @param reason the reason to open first, when the flow was judged dropped for it; "" for any
 */
public record DropFocus(String reason, FlowEndpoint client, FlowEndpoint server, String protocol) {

    public boolean matches(DropTuple t) {
        if (!t.protocol().equals(protocol)) {
            return false;
        }
        return same(t.source(), client) && same(t.destination(), server)
                || same(t.source(), server) && same(t.destination(), client);
    }

    private static boolean same(FlowEndpoint packet, FlowEndpoint flow) {
        return packet.ip().equals(flow.ip())
                && (packet.port() == flow.port() || packet.port() == 0 || flow.port() == 0);
    }

    /** Filter text for the flows of a drop tuple, whichever way its packet went. */
    public static String flowFilter(DropTuple t) {
        String ports = t.destination().port() != 0 ? " port=" + t.destination().port()
                : t.source().port() != 0 ? " port=" + t.source().port() : "";
        return "ip=" + t.source().ip() + " ip=" + t.destination().ip() + ports;
    }
}
