package dev.nightjar.desktop.session;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A session's id: 10 lowercase hex digits, usable as a label value and inside object
 * names. Random so that two desktops on one cluster never collide.
 */
public record SessionId(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    private static final SecureRandom RANDOM = new SecureRandom();

    public SessionId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("A session id is 1 to 32 lowercase letters, digits or '-',"
                    + " starting and ending with a letter or digit; got \"" + value + "\".");
        }
    }

    public static SessionId random() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return new SessionId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
