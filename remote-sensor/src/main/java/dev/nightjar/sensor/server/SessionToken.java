package dev.nightjar.sensor.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The per-session secret, compared in constant time.
 *
 * <p>Both sides are hashed with SHA-256 before {@link MessageDigest#isEqual}:
 * isEqual's running time does not depend on where two byte arrays differ, and
 * comparing fixed-length digests means it does not depend on the presented
 * token's length either. The plain token is not kept.
 */
public final class SessionToken {

    private final byte[] digest;

    private SessionToken(byte[] digest) {
        this.digest = digest;
    }

    public static SessionToken of(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("a session token cannot be empty");
        }
        return new SessionToken(sha256(token));
    }

    /** True only for exactly the same token; false for null. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}
