package dev.nightjar.desktop.drops.policy;

import dev.nightjar.protocol.text.IpAddressText;
import java.net.InetAddress;
import java.util.Optional;

/** IP address literals only: no DNS lookups ever happen here. */
final class IpLiterals {

    private IpLiterals() {
    }

    static Optional<InetAddress> tryParse(String literal) {
        if (literal == null || literal.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(literal.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static InetAddress parse(String literal, String what) {
        return tryParse(literal).orElseThrow(() -> new IllegalArgumentException(
                "The " + what + " '" + literal + "' is not an IPv4 or IPv6 address literal."));
    }

    /** The usual text form; IPv6 compressed as RFC 5952 recommends (2001:db8::7, not 2001:db8:0:0:0:0:0:7). */
    static String format(InetAddress address) {
        return IpAddressText.of(address.getAddress());
    }
}
