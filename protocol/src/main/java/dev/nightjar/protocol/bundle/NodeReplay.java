package dev.nightjar.protocol.bundle;

import dev.nightjar.protocol.v1.SensorEvent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Streams one node entry: bounded to its declared size, hashed while read,
 * parsed record by record, and checked at its end against the manifest's size,
 * SHA-256 and event count. Memory use does not depend on the entry's size.
 */
final class NodeReplay {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int SHOWN_HEX_DIGITS = 16;

    private NodeReplay() {
    }

    /** Names a node entry in messages: the entry and the node it belongs to. */
    static String where(Manifest.Node node) {
        return node.entry() + " (node " + BundleException.quote(node.name()) + ")";
    }

    static long run(ZipFile zip, ZipEntry entry, Manifest.Node node, Consumer<? super SensorEvent> sink)
            throws BundleException {
        String where = where(node);
        MessageDigest sha256 = sha256();
        BoundedEntryStream bounded;
        try {
            bounded = new BoundedEntryStream(zip.getInputStream(entry), node.size());
        } catch (IOException e) {
            throw new BundleException(where, "cannot be read from the zip, the bundle is damaged ("
                    + BundleException.detail(e) + ")", e);
        }
        try {
            DelimitedEventReader records = new DelimitedEventReader(
                    new BufferedInputStream(new DigestInputStream(bounded, sha256), BUFFER_BYTES), where, node.size());
            for (SensorEvent event = records.next(); event != null; event = records.next()) {
                sink.accept(event);
            }
            checkEnd(where, node, bounded.count(), sha256.digest(), records.count());
            return records.count();
        } finally {
            closeQuietly(bounded);
        }
    }

    private static void checkEnd(String where, Manifest.Node node, long bytes, byte[] digest, long events)
            throws BundleException {
        if (bytes != node.size()) {
            throw new BundleException(where, "ends after " + bytes + " bytes, but manifest.json declares "
                    + node.size() + ": the entry is truncated");
        }
        String actual = HexFormat.of().formatHex(digest);
        if (!actual.equals(node.sha256())) {
            throw new BundleException(where, "SHA-256 mismatch: the data hashes to "
                    + actual.substring(0, SHOWN_HEX_DIGITS) + "…, manifest.json declares "
                    + node.sha256().substring(0, SHOWN_HEX_DIGITS) + "…: the entry is damaged");
        }
        if (events != node.events()) {
            throw new BundleException(where, "holds " + events + " events, but manifest.json declares "
                    + node.events());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void closeQuietly(BoundedEntryStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Closing a read-only entry stream loses nothing; the replay's outcome is already decided.
        }
    }
}
