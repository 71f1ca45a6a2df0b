package dev.nightjar.desktop.drops.policy;

import dev.nightjar.protocol.v1.FiveTuple;
import com.google.protobuf.ByteString;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The packet to judge, as seen in its headers: source and destination address
 * and port, and protocol. Ports are ignored for protocols without ports.
 */
public record PacketFlow(InetAddress source, int sourcePort, InetAddress destination, int destinationPort,
                         TransportProtocol protocol) {

    public PacketFlow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        checkPort(sourcePort, "source");
        checkPort(destinationPort, "destination");
    }

    /**
     * From address literals such as "10.0.0.1" or "fd00::1"; never does a DNS lookup.
     *
     * @throws IllegalArgumentException naming the value that is not an IP address literal
     */
    public static PacketFlow of(String source, int sourcePort, String destination, int destinationPort,
                                TransportProtocol protocol) {
        return new PacketFlow(IpLiterals.parse(source, "source address"), sourcePort,
                IpLiterals.parse(destination, "destination address"), destinationPort, protocol);
    }

    /** From the sensor's wire format (addresses are 4 or 16 raw bytes). */
    public static PacketFlow of(FiveTuple tuple) {
        return new PacketFlow(address(tuple.getSrcAddr(), "source"), tuple.getSrcPort(),
                address(tuple.getDstAddr(), "destination"), tuple.getDstPort(),
                TransportProtocol.fromIpProtocolNumber(tuple.getProtocolValue()));
    }

    /** "10.0.0.1:40000 -> 10.0.0.2:8080 TCP" */
    public String describe() {
        return IpLiterals.format(source) + portSuffix(sourcePort) + " -> " + IpLiterals.format(destination)
                + portSuffix(destinationPort) + " " + protocol;
    }

    private String portSuffix(int port) {
        return protocol.hasPorts() ? ":" + port : "";
    }

    private static InetAddress address(ByteString bytes, String which) {
        if (bytes.size() != 4 && bytes.size() != 16) {
            throw new IllegalArgumentException("The " + which + " address in the five-tuple has " + bytes.size()
                    + " bytes; expected 4 (IPv4) or 16 (IPv6).");
        }
        try {
            return InetAddress.getByAddress(bytes.toByteArray());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The " + which + " address in the five-tuple is not valid: "
                    + e.getMessage(), e);
        }
    }

    private static void checkPort(int port, String which) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The " + which + " port " + port + " is outside 0-65535.");
        }
    }
}
