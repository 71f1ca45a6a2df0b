package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenPolicyTest {

    @Test
    void parsesHostPortIncludingBracketedIpv6() throws Exception {
        assertThat(HostPort.parse("127.0.0.1:5000")).isEqualTo(new HostPort("127.0.0.1", 5000));
        assertThat(HostPort.parse("[::1]:0")).isEqualTo(new HostPort("::1", 0));
        assertThat(HostPort.parse("localhost:65535")).isEqualTo(new HostPort("localhost", 65535));
        assertThat(HostPort.parse("[::1]:80").toString()).isEqualTo("[::1]:80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", ":5000", "127.0.0.1:", "::1:5000", "host:65536", "host:-1", "host:http"})
    void refusesWhatIsNotHostPort(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0", "127.1.2.3:0", "[::1]:0", "localhost:0"})
    void loopbackIsAllowed(String listen) throws Exception {
        InetSocketAddress address = ListenPolicy.check(HostPort.parse(listen), false, InetAddress::getAllByName);
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:5000", "10.1.2.3:5000", "[::]:5000", "[fd00::1]:5000"})
    void anythingElseIsRefusedWithTheReasonAndTheWayOut(String listen) {
        assertThatThrownBy(() -> ListenPolicy.check(HostPort.parse(listen), false, InetAddress::getAllByName))
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(CliFailure.USAGE))
                .hasMessageContaining("refusing to listen on " + listen)
                .hasMessageContaining("not a loopback address")
                .hasMessageContaining("--allow-remote");
    }

    @Test
    void aNameIsRefusedIfAnyOfItsAddressesIsNotLoopback() {
        ListenPolicy.Resolver mixed = host -> new InetAddress[] {
                InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}),
                InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})};
        assertThatThrownBy(() -> ListenPolicy.check(new HostPort("sensor.example", 5000), false, mixed))
                .hasMessageContaining("10.0.0.7 is not a loopback address");
    }

    @Test
    void allowRemoteLetsItThrough() throws Exception {
        InetSocketAddress any = ListenPolicy.check(HostPort.parse("0.0.0.0:5000"), true, InetAddress::getAllByName);
        assertThat(any.getAddress().isAnyLocalAddress()).isTrue();
        assertThat(any.getPort()).isEqualTo(5000);
    }

    @Test
    void anUnresolvableNameSaysSo() {
        ListenPolicy.Resolver none = host -> {
            throw new UnknownHostException(host);
        };
        assertThatThrownBy(() -> ListenPolicy.check(new HostPort("nosuch.invalid", 1), false, none))
                .hasMessageContaining("cannot resolve 'nosuch.invalid'");
    }
}
