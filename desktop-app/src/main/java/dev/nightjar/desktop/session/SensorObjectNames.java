package dev.nightjar.desktop.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of a session's objects. A pod name keeps a readable piece of the node name
 * (so {@code kubectl get pods -o wide} makes sense) plus a hash of the whole node
 * name, so two long node names that share a prefix still get different pods.
 */
public final class SensorObjectNames {

    private static final int NODE_PART = 30;

    private SensorObjectNames() {
    }

    public static String secret(SessionId session) {
        return "nightjar-" + session.value() + "-token";
    }

    public static String pod(SessionId session, String nodeName) {
        String readable = nodeName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (readable.length() > NODE_PART) {
            readable = readable.substring(0, NODE_PART);
        }
        readable = readable.replaceAll("^-+|-+$", "");
        return "nightjar-" + session.value() + "-" + (readable.isEmpty() ? "node" : readable) + "-" + shortHash(nodeName);
    }

    /**
     * The pod of a redeployed sensor: generation 1 is the node's first pod ({@link #pod(SessionId, String)}),
     * each redeploy adds {@code -rN}, so the new pod never waits for the old name to be free.
     */
    public static String pod(SessionId session, String nodeName, int generation) {
        return generation <= 1 ? pod(session, nodeName) : pod(session, nodeName) + "-r" + generation;
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }
}
