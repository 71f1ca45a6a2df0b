package dev.nightjar.desktop.drops.policy;

import java.net.InetAddress;
import java.util.Optional;

/** An IPv4 or IPv6 prefix such as 10.0.0.0/8 or 2001:db8::/32. */
final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Empty for anything that is not address/prefix with a prefix length that fits the family. */
    static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return Optional.empty();
        }
        Optional<InetAddress> address = IpLiterals.tryParse(value.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int prefix;
        try {
            prefix = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(bytes, prefix, value));
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;  // IPv4 never matches an IPv6 block and the other way round
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
