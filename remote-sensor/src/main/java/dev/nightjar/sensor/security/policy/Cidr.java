package dev.nightjar.sensor.security.policy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * An address range of a DAddr / NotDAddr value: {@code 10.0.0.0/8}, {@code fd00::/8}, or a single
 * address ({@code 127.0.0.1}, a /32 or /128). An IPv4 range never contains an IPv6 address, except
 * an IPv4-mapped one (::ffff:10.1.2.3), which Java reads as the IPv4 address.
 */
public record Cidr(byte[] network, int prefixBits) {

    /**
     * The cluster's ranges when a connect rule names none: loopback, RFC 1918's private IPv4
     * ranges, and IPv6's unique local addresses (RFC 4193), the usual pod and service ranges.
     */
    public static final List<String> DEFAULT_CLUSTER_RANGES = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8",
            "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    public Cidr {
        network = network.clone();
    }

    /** Parses {@code ADDRESS[/BITS]} (a literal: nothing is looked up); IllegalArgumentException saying why otherwise. */
    public static Cidr parse(String value) {
        int slash = value.indexOf('/');
        String literal = slash < 0 ? value : value.substring(0, slash);
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not an address or a CIDR (10.0.0.0/8, fd00::/8)");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("'" + value + "': the prefix length must be 0 to "
                        + bytes.length * 8);
            }
        }
        return new Cidr(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixBits; bit += 8) {
            int mask = prefixBits - bit >= 8 ? 0xff : (0xff << (8 - (prefixBits - bit))) & 0xff;
            if (((bytes[bit / 8] ^ network[bit / 8]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether any of the (valid, as parsed) values contains the address literal {@code actual}. */
    static boolean anyContains(List<String> values, String actual) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return values.stream().anyMatch(v -> parse(v).contains(address));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixBits == prefixBits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        return Arrays.toString(network) + "/" + prefixBits;
    }
}
