package dev.nightjar.desktop.drops.policy;

import java.net.Inet6Address;
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
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        // The longest run of two or more zero groups (the first one on a tie) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
