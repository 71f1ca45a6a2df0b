package dev.nightjar.desktop.bundle;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.text.IpAddressText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces IP addresses with stand-ins for one export: HMAC-SHA-256 under a random key that
 * lives only as long as this object, mapped into a reserved range of the same family
 * (IPv4 → 240.0.0.0/4, "class E"; IPv6 → fd00::/8, unique-local; an IPv4-mapped IPv6
 * address keeps its {@code ::ffff:} prefix and maps its IPv4 part, so it matches the plain
 * IPv4 form). The same address always gets the same stand-in within one export, two
 * different addresses never share one (a collision is re-hashed), and without the key the
 * mapping cannot be reversed or repeated across exports.
 *
 * <p>Unspecified and loopback addresses ({@code 0.0.0.0}, {@code ::}, 127/8, {@code ::1})
 * are kept: they identify nothing and say something useful ("listening on any").
 *
 * <p>Not thread-safe: one export thread uses one instance.
 */
public final class AddressRedactor {

    /** How the manifest describes this redaction. */
    public static final String DESCRIPTION = "IP addresses replaced by a keyed hash (HMAC-SHA-256, key discarded;"
            + " IPv4 in 240.0.0.0/4, IPv6 in fd00::/8; the same address maps to the same stand-in in this bundle)";

    private static final int KEY_BYTES = 32;
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    // Dotted quads and IPv6 literals inside free text such as "tcp 10.0.0.1:80->[fd00::2]:5000".
    private static final Pattern IPV4_TEXT = Pattern.compile("(?<![0-9.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![0-9])");
    private static final Pattern IPV6_TEXT = Pattern.compile("(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:.])");

    private final Mac mac;
    private final Map<ByteString, ByteString> mapped = new HashMap<>();
    private final Set<ByteString> used = new HashSet<>();

    /** A redactor with a fresh random key. */
    public AddressRedactor() {
        this(randomKey());
    }

    /** A redactor with a given key: for tests that need a reproducible mapping. */
    public AddressRedactor(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The stand-in for a wire address (4 or 16 bytes); other lengths (empty: unknown) are returned as they are. */
    public ByteString address(ByteString address) {
        if (address.size() != 4 && address.size() != 16) {
            return address;
        }
        ByteString known = mapped.get(address);
        if (known != null) {
            return known;
        }
        ByteString standIn = ByteString.copyFrom(standIn(address.toByteArray()));
        mapped.put(address, standIn);
        return standIn;
    }

    private byte[] standIn(byte[] original) {
        if (isKept(original)) {
            return original;
        }
        if (original.length == 16 && isV4Mapped(original)) {
            byte[] v4 = address(ByteString.copyFrom(original, 12, 4)).toByteArray();
            byte[] out = Arrays.copyOf(V4_MAPPED_PREFIX, 16);
            System.arraycopy(v4, 0, out, 12, 4);
            return out;
        }
        for (int attempt = 0; ; attempt++) {
            byte[] candidate = hashInto(original, attempt);
            ByteString asKey = ByteString.copyFrom(candidate);
            if (!isKept(candidate) && !isBroadcast(candidate) && used.add(asKey)) {
                return candidate;
            }
        }
    }

    private byte[] hashInto(byte[] original, int attempt) {
        mac.update(original);
        // The attempt number as four bytes: a collision re-hashes with the next one, never repeating an input.
        mac.update(new byte[] {(byte) (attempt >>> 24), (byte) (attempt >>> 16), (byte) (attempt >>> 8), (byte) attempt});
        byte[] h = mac.doFinal();
        byte[] out = Arrays.copyOf(h, original.length);
        if (original.length == 4) {
            out[0] = (byte) (0xf0 | (out[0] & 0x0f));
        } else {
            out[0] = (byte) 0xfd;
        }
        return out;
    }

    /** Every IPv4 and IPv6 literal in {@code text} replaced by its stand-in; the rest unchanged. */
    public String text(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String v6Done = replace(IPV6_TEXT, text, literal -> {
            if (literal.chars().filter(c -> c == ':').count() < 2) {
                return null;
            }
            try {
                InetAddress parsed = Inet6Address.ofLiteral(literal);
                return IpAddressText.of(address(ByteString.copyFrom(parsed.getAddress())));
            } catch (IllegalArgumentException notAnAddress) {
                return null;
            }
        });
        return replace(IPV4_TEXT, v6Done, literal -> {
            try {
                InetAddress parsed = Inet4Address.ofLiteral(literal);
                return IpAddressText.of(address(ByteString.copyFrom(parsed.getAddress())));
            } catch (IllegalArgumentException notAnAddress) {
                return null;
            }
        });
    }

    private interface Replacer {
        /** The replacement, or null to keep the match. */
        String apply(String match);
    }

    private static String replace(Pattern pattern, String text, Replacer replacer) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String replacement = replacer.apply(m.group());
            if (replacement == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, last, m.start()).append(replacement);
            last = m.end();
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    private static boolean isKept(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) == 127 || (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0);
        }
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 0 || a[15] == 1;
    }

    private static boolean isBroadcast(byte[] a) {
        return a.length == 4 && a[0] == -1 && a[1] == -1 && a[2] == -1 && a[3] == -1;
    }

    private static boolean isV4Mapped(byte[] a) {
        return Arrays.equals(a, 0, 12, V4_MAPPED_PREFIX, 0, 12);
    }
}
