package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.TcpState;

/** Wire enums as people write them: "TCP", "ESTABLISHED". */
public final class WireNames {

    /** The layer 4 protocols a flow or a drop can have, as a filter names them. */
    public static final java.util.List<String> PROTOCOLS = java.util.List.of("tcp", "udp", "icmp", "icmpv6");

    private WireNames() {
    }

    public static String protocol(L4Protocol p) {
        return switch (p) {
            case L4_PROTOCOL_TCP -> "TCP";
            case L4_PROTOCOL_UDP -> "UDP";
            case L4_PROTOCOL_ICMP -> "ICMP";
            case L4_PROTOCOL_ICMPV6 -> "ICMPv6";
            default -> "?";
        };
    }

    /** Which local socket reported a flow: "out" (connected), "in" (accepted) or "" (unknown). */
    public static String side(FlowDirection d) {
        return switch (d) {
            case FLOW_DIRECTION_OUTBOUND -> "out";
            case FLOW_DIRECTION_INBOUND -> "in";
            default -> "";
        };
    }

    public static String tcpState(TcpState s) {
        return s == TcpState.TCP_STATE_UNSPECIFIED || s == TcpState.UNRECOGNIZED ? "" : s.name().substring("TCP_STATE_".length());
    }
}
