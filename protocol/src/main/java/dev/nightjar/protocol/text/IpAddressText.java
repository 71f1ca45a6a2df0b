package dev.nightjar.protocol.text;

import com.google.protobuf.ByteString;

/**
 * Renders the wire format's raw address bytes (4 for IPv4, 16 for IPv6, empty
 * for unknown) as text. The one place in Nightjar that does this, so the sensor
 * CLI, the desktop and bundle exports all show an address the same way.
 *
 * <p>IPv6 follows RFC 5952: lower-case hex, leading zeros dropped, the longest
 * run of two or more zero groups (the first, on a tie) shortened to {@code ::},
 * and IPv4-mapped addresses written as {@code ::ffff:a.b.c.d}. Nothing here
 * resolves names.
 */
public final class IpAddressText {

    /** What an empty (unknown) address is shown as. */
    public static final String UNKNOWN = "?";

    private IpAddressText() {
    }

    public static String of(ByteString address) {
        return of(address.toByteArray());
    }

    public static String of(byte[] address) {
        return switch (address.length) {
            case 0 -> UNKNOWN;
            case 4 -> ipv4(address, 0);
            case 16 -> ipv6(address);
            default -> "invalid(" + address.length + " bytes)";
        };
    }

    private static String ipv4(byte[] a, int from) {
        return (a[from] & 0xff) + "." + (a[from + 1] & 0xff) + "." + (a[from + 2] & 0xff) + "." + (a[from + 3] & 0xff);
    }

    private static String ipv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        if (isIpv4Mapped(groups)) {
            return "::ffff:" + ipv4(a, 12);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never shortened
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
        StringBuilder text = new StringBuilder(39);
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

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }
}
