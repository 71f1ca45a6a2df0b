package dev.nightjar.protocol.text;

/**
 * Whether a piece of text is an id a request carries (a number, a UUID, a hex id of 8 or more
 * characters with a digit in it): what route templates collapse to {@code {id}} on the sensor,
 * and what error texts mask on the sensor and in exported bundles, so both agree on what an id is.
 */
public final class IdTokens {

    private IdTokens() {
    }

    public static boolean isId(String s) {
        return isId(s, 0, s.length());
    }

    /** Whether {@code s[from, to)} is an id. */
    public static boolean isId(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        return isDigits(s, from, to) || isUuid(s, from, to) || isHexId(s, from, to);
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String s, int from, int to) {
        if (to - from != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexId(String s, int from, int to) {
        if (to - from < 8) {
            return false;
        }
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isHex(c)) {
                return false;
            }
            digit |= c >= '0' && c <= '9';
        }
        return digit;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
