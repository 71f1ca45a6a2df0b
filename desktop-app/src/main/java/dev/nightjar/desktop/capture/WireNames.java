package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.v1.FlowDirection;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.TcpState;

/** Wire enums as people write them: "TCP", "ESTABLISHED". */
public final class WireNames {

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
