package dev.nightjar.desktop.drops;

/**
 * What kind of decision dropped a packet, so the Drops view can group reasons
 * an on-call engineer would investigate the same way.
 */
public enum DropCategory {
    /** A rule said no: netfilter, cgroup BPF, tc, XDP, an LSM, IPsec policy. */
    POLICY("Policy or filter"),
    /** Nothing was there to take the packet: no socket, socket closed. */
    NO_LISTENER("No listener"),
    /** TCP refused a segment: state, window, sequence, timestamps, authentication. */
    TCP_PROTOCOL("TCP protocol"),
    /** A queue, buffer or memory limit was reached. */
    RESOURCE("Resource limit"),
    /** Routing, reverse-path, neighbour (ARP/NDP), MTU, addressing. */
    ROUTING("Routing and neighbours"),
    /** The packet itself was broken: checksums, headers, lengths. */
    MALFORMED("Malformed packet"),
    /** A tunnel or overlay device (VXLAN, IP tunnels) rejected it. */
    TUNNEL("Tunnel or overlay"),
    /** Anything else. */
    OTHER("Other");

    private final String label;

    DropCategory(String label) {
        this.label = label;
    }

    /** Short plain-words name for headings. */
    public String label() {
        return label;
    }
}
