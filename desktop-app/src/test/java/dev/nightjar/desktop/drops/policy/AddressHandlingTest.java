package dev.nightjar.desktop.drops.policy;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.L4Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CIDR containment, address literals and the packet built from the sensor's five-tuple. */
class AddressHandlingTest {

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.255.255.255, true",
            "10.0.0.0/8,        11.0.0.0,       false",
            "203.0.113.0/28,    203.0.113.15,   true",
            "203.0.113.0/28,    203.0.113.16,   false",
            "0.0.0.0/0,         198.51.100.1,   true",
            "198.51.100.1/32,   198.51.100.1,   true",
            "198.51.100.1/32,   198.51.100.2,   false",
            "192.168.1.77/24,   192.168.1.3,    true",
            "2001:db8::/32,     2001:db8:ffff::1, true",
            "2001:db8::/32,     2001:db9::1,    false",
            "2001:db8::/64,     2001:db8::7,    true",
            "2001:db8::/64,     2001:db8:0:1::7, false",
            "::/0,              fd00::1,        true",
            "::/0,              10.0.0.1,       false",
            "0.0.0.0/0,         fd00::1,        false",
            "fd00::10/128,      fd00::10,       true",
            "fd00::10/128,      fd00::11,       false",
    })
    void cidrContainment(String cidr, String address, boolean expected) {
        assertThat(Cidr.parse(cidr)).hasValueSatisfying(
                block -> assertThat(block.contains(IpLiterals.parse(address, "test address"))).isEqualTo(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "fd00::/129", "10.0.0.0/-1", "example.com/8", "10.0.0.0/x"})
    void invalidCidrsAreRejected(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2001:db8:0:0:0:0:0:7, 2001:db8::7",
            "fd00:0:0:0:0:0:0:10,  fd00::10",
            "0:0:0:0:0:0:0:1,      ::1",
            "0:0:0:0:0:0:0:0,      ::",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
            "10.1.2.3,             10.1.2.3",
    })
    void addressesPrintCompressed(String literal, String printed) {
        assertThat(IpLiterals.format(IpLiterals.parse(literal, "test address"))).isEqualTo(printed);
    }

    @Test
    void hostNamesAreRefusedWithoutADnsLookup() {
        assertThatThrownBy(() -> PacketFlow.of("backend.shop.svc", 1, "10.0.0.1", 2, TransportProtocol.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source address 'backend.shop.svc' is not an IPv4 or IPv6 address literal.");
        assertThatThrownBy(() -> PacketFlow.of("10.0.0.1", 70000, "10.0.0.2", 2, TransportProtocol.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source port 70000");
    }

    @Test
    void packetFromTheSensorsFiveTuple() throws Exception {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(InetAddress.ofLiteral("10.0.1.20").getAddress()))
                .setSrcPort(40000)
                .setDstAddr(ByteString.copyFrom(InetAddress.ofLiteral("fd00::10").getAddress()))
                .setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_UDP)
                .build();
        PacketFlow flow = PacketFlow.of(tuple);
        assertThat(flow.source()).isEqualTo(InetAddress.ofLiteral("10.0.1.20"));
        assertThat(flow.destination()).isEqualTo(InetAddress.ofLiteral("fd00::10"));
        assertThat(flow.protocol()).isEqualTo(TransportProtocol.UDP);
        assertThat(flow.describe()).isEqualTo("10.0.1.20:40000 -> fd00::10:8080 UDP");

        FiveTuple broken = tuple.toBuilder().setDstAddr(ByteString.copyFrom(new byte[5])).build();
        assertThatThrownBy(() -> PacketFlow.of(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination address in the five-tuple has 5 bytes");
    }

    @Test
    void protocolNumbersMapToTransportProtocols() {
        assertThat(TransportProtocol.fromIpProtocolNumber(6)).isEqualTo(TransportProtocol.TCP);
        assertThat(TransportProtocol.fromIpProtocolNumber(132)).isEqualTo(TransportProtocol.SCTP);
        assertThat(TransportProtocol.fromIpProtocolNumber(58)).isEqualTo(TransportProtocol.ICMPV6);
        assertThat(TransportProtocol.fromIpProtocolNumber(47)).isEqualTo(TransportProtocol.OTHER);
    }
}
