package dev.nightjar.desktop.cluster;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code NO_PROXY} value read as Go's {@code golang.org/x/net/http/httpproxy} reads it,
 * which is what kubectl follows: comma-separated entries; {@code *} bypasses the proxy for
 * everything; an IP address, or a CIDR block, matches addresses; {@code example.com} matches
 * that name and every subdomain, {@code .example.com} and {@code *.example.com} subdomains
 * only (names are compared as text, an IP address too, as Go does); any entry may end in
 * {@code :port}. {@code localhost} and loopback addresses never go through a proxy. No name
 * is ever resolved.
 */
final class NoProxy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Entry(Optional<byte[]> address, int prefixBits, String domain, boolean matchesBareDomain, int port) {
    }

    private final boolean all;
    private final List<Entry> entries = new ArrayList<>();

    NoProxy(String value) {
        boolean star = false;
        for (String raw : (value == null ? "" : value).split(",")) {
            String p = raw.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*")) {
                star = true;
                break;
            }
            parse(p).ifPresent(entries::add);
        }
        this.all = star;
    }

    /** Whether a request to {@code host:port} goes through the proxy. */
    boolean useProxy(String host, int port) {
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        if (h.isEmpty()) {
            return true;
        }
        if (h.equals("localhost")) {
            return false;
        }
        Optional<byte[]> ip = literal(h);
        if (ip.isPresent() && isLoopback(ip.get())) {
            return false;
        }
        if (all) {
            return false;
        }
        for (Entry e : entries) {
            if (e.port() >= 0 && e.port() != port) {
                continue;
            }
            if (e.address().isPresent()) {
                if (ip.isPresent() && inBlock(ip.get(), e.address().get(), e.prefixBits())) {
                    return false;
                }
            } else if (h.endsWith(e.domain()) || (e.matchesBareDomain() && h.equals(e.domain().substring(1)))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Entry> parse(String p) {
        int slash = p.indexOf('/');
        if (slash > 0) { // CIDR
            Optional<byte[]> net = literal(p.substring(0, slash));
            try {
                int bits = Integer.parseInt(p.substring(slash + 1));
                return net.filter(n -> bits >= 0 && bits <= n.length * 8).map(n -> new Entry(Optional.of(n), bits, "", false, -1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        String host = p;
        int port = -1;
        int colon = p.lastIndexOf(':');
        boolean bracketed = p.startsWith("[");
        // host:port, [v6]:port; a bare IPv6 address has several colons and no port.
        if (colon > 0 && (bracketed || p.indexOf(':') == colon)) {
            try {
                port = Integer.parseInt(p.substring(colon + 1));
                host = p.substring(0, colon);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        host = unbracket(host);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> ip = literal(host);
        if (ip.isPresent()) {
            return Optional.of(new Entry(ip, ip.get().length * 8, "", false, port));
        }
        if (host.startsWith("*.")) {
            host = host.substring(1);
        }
        boolean bare = !host.startsWith(".");
        return Optional.of(new Entry(Optional.empty(), 0, bare ? "." + host : host, bare, port));
    }

    /** The address of an IP literal, or empty for a name (names are never resolved here). */
    private static Optional<byte[]> literal(String host) {
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host).getAddress());
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isLoopback(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean inBlock(byte[] ip, byte[] net, int bits) {
        if (ip.length != net.length) {
            return false;
        }
        int shift = ip.length * 8 - bits;
        return new BigInteger(1, ip).shiftRight(shift).equals(new BigInteger(1, net).shiftRight(shift));
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
