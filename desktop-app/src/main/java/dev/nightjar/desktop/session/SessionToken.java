package dev.nightjar.desktop.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-session secret the sensor demands from every stream: 32 random bytes,
 * base64url without padding. {@link #toString()} never shows it.
 */
public final class SessionToken {

    /** What {@code nightjar manifest} prints instead of a real token. */
    public static final String PLACEHOLDER = "REPLACED-BY-A-FRESH-RANDOM-TOKEN-AT-DEPLOY";

    private static final int BYTES = 32;

    private final String value;

    private SessionToken(String value) {
        this.value = value;
    }

    public static SessionToken generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new SessionToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static SessionToken generate() {
        return generate(new SecureRandom());
    }

    /**
     * A token chosen elsewhere: a sensor started on this machine that a test reaches
     * through a port-forward made its own.
     */
    static SessionToken of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a session token cannot be empty");
        }
        return new SessionToken(value);
    }

    /** The placeholder shown in a manifest printed without a cluster. */
    public static SessionToken placeholder() {
        return new SessionToken(PLACEHOLDER);
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}
