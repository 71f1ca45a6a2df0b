package dev.nightjar.desktop.drops.policy;

import java.util.Locale;
import java.util.Optional;

/** The layer-4 protocol of a packet, as far as NetworkPolicy cares. */
public enum TransportProtocol {
    TCP(6),
    UDP(17),
    SCTP(132),
    ICMP(1),
    ICMPV6(58),
    /** Any other IP protocol; NetworkPolicy ports never match it. */
    OTHER(-1);

    private final int ipProtocolNumber;

    TransportProtocol(int ipProtocolNumber) {
        this.ipProtocolNumber = ipProtocolNumber;
    }

    public static TransportProtocol fromIpProtocolNumber(int number) {
        for (TransportProtocol protocol : values()) {
            if (protocol.ipProtocolNumber == number) {
                return protocol;
            }
        }
        return OTHER;
    }

    /**
     * The protocol a NetworkPolicyPort names: TCP when absent (the API default),
     * empty for a value the API would not accept.
     */
    static Optional<TransportProtocol> fromPolicyField(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(TCP);
        }
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "TCP" -> Optional.of(TCP);
            case "UDP" -> Optional.of(UDP);
            case "SCTP" -> Optional.of(SCTP);
            default -> Optional.empty();
        };
    }

    /** NetworkPolicy ports are defined for TCP, UDP and SCTP only. */
    boolean hasPorts() {
        return this == TCP || this == UDP || this == SCTP;
    }
}
