package dev.nightjar.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.0.0.1, 10.0.0.1",
            "255.255.255.255, 255.255.255.255",
            "0.0.0.0, 0.0.0.0",
            "::1, ::1",
            "::, ::",
            "fd00:0:0:0:0:0:0:1, fd00::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",     // first of two equal runs
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",  // a single zero group stays
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",            // the longer run wins
            "fe80:0:0:0:abcd:ef01:0:0, fe80::abcd:ef01:0:0",
            "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
            "0:0:0:0:0:0:0:5, ::5",
            "5:0:0:0:0:0:0:0, 5::",
            "::ffff:192.168.1.20, ::ffff:192.168.1.20",
    })
    void rendersAddressBytesAsText(String input, String expected) throws Exception {
        byte[] bytes = InetAddress.getByName(input).getAddress();
        if (input.startsWith("::ffff:")) {
            // InetAddress folds mapped addresses to 4 bytes; the wire keeps all 16.
            bytes = new byte[16];
            bytes[10] = (byte) 0xff;
            bytes[11] = (byte) 0xff;
            System.arraycopy(InetAddress.getByName(input).getAddress(), 0, bytes, 12, 4);
        }
        assertThat(IpAddressText.of(ByteString.copyFrom(bytes))).isEqualTo(expected);
        assertThat(InetAddress.getByName(IpAddressText.of(bytes)).getAddress())
                .as("the text parses back to the same address")
                .isEqualTo(InetAddress.getByName(input).getAddress());
    }

    @ParameterizedTest
    @CsvSource({"0, ?", "3, invalid(3 bytes)", "17, invalid(17 bytes)"})
    void unknownAndMalformedAddressesAreShownNotThrown(int length, String expected) {
        assertThat(IpAddressText.of(new byte[length])).isEqualTo(expected);
    }
}
