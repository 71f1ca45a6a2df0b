package dev.nightjar.protocol.bundle;

import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens a capture bundle (.njcap, format v1) and replays its events. Every byte
 * of the file is treated as hostile.
 *
 * <p>{@link #open} checks everything that can be checked without reading the
 * node entries' data: the zip's end record and central directory size, every
 * entry name, compression ratios, manifest.json (bounded read, JSON, format
 * version, fields), and that each node's entry exists with the declared size.
 * {@link #replay} streams one node entry, bounded to its declared size, and
 * checks its records, SHA-256 and event count; {@link #verify} does that for
 * every node and collects the problems.
 *
 * <p>Thread safety: {@link #replay} may run for different nodes at once (each
 * call has its own streams over a thread-safe {@link ZipFile}).
 */
public final class BundleReader implements AutoCloseable {

    private final String file;
    private final ZipFile zip;
    private final ZipContents contents;
    private final Manifest manifest;
    private final Map<Integer, Manifest.Node> nodes = new LinkedHashMap<>();

    private BundleReader(String file, ZipFile zip, ZipContents contents, Manifest manifest) {
        this.file = file;
        this.zip = zip;
        this.contents = contents;
        this.manifest = manifest;
        for (Manifest.Node node : manifest.nodes()) {
            nodes.put(node.index(), node);
        }
    }

    /**
     * Opens a bundle and checks its structure and manifest (not the node data; see {@link #verify()}).
     *
     * @throws BundleException naming the file or entry and the problem: not a zip, truncated, empty,
     *                         an unexpected entry, a bomb, a bad or newer manifest, a missing entry
     */
    public static BundleReader open(Path path) throws BundleException {
        Objects.requireNonNull(path, "path");
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        ZipEndRecord.check(path, file);
        ZipFile zip = openZip(path, file);
        try {
            ZipContents contents = ZipContents.scan(zip, file);
            Manifest manifest = ManifestCodec.parse(readManifest(zip, contents.manifest()), file);
            ManifestChecks.check(manifest, contents.nodes());
            ManifestChecks.checkClusterSnapshot(manifest, contents.clusterSnapshot());
            return new BundleReader(file, zip, contents, manifest);
        } catch (BundleException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /**
     * Opens and verifies a bundle: the problems found, one line each, or an empty
     * list when the bundle is whole. Never throws for a bad file; this is what
     * {@code nightjar.jar bundle verify} prints.
     */
    public static List<String> verify(Path path) {
        try (BundleReader reader = open(path)) {
            return reader.verify();
        } catch (BundleException e) {
            return List.of(e.getMessage());
        }
    }

    /** The parsed, checked manifest. */
    public Manifest manifest() {
        return manifest;
    }

    /**
     * Streams node {@code nodeIndex}'s events, in recorded order, to {@code sink}.
     * Memory use does not depend on the entry's size. Events delivered before a
     * problem is found stay delivered: the caller can show what was readable.
     *
     * @return the number of events delivered
     * @throws BundleException          naming the entry, the record number and byte offset where
     *                                  that applies: bad length prefix, truncated or oversized data,
     *                                  a record that is no SensorEvent, SHA-256 or event count mismatch
     * @throws IllegalArgumentException when the manifest lists no node with that index
     */
    public long replay(int nodeIndex, Consumer<? super SensorEvent> sink) throws BundleException {
        Objects.requireNonNull(sink, "sink");
        Manifest.Node node = nodes.get(nodeIndex);
        if (node == null) {
            throw new IllegalArgumentException("bundle " + file + " has no node with index " + nodeIndex
                    + "; its indexes are " + nodes.keySet());
        }
        return NodeReplay.run(zip, contents.nodes().get(nodeIndex), node, sink);
    }

    /**
     * The bytes of {@code cluster/snapshot.json}, checked against the manifest's size and
     * SHA-256; empty when the bundle has none (bundles written before it existed, or
     * without a cluster).
     *
     * @throws BundleException naming the entry: truncated, damaged, or a digest mismatch
     */
    public Optional<byte[]> clusterSnapshot() throws BundleException {
        Manifest.Attachment declared = manifest.clusterSnapshot();
        if (declared == null) {
            return Optional.empty();
        }
        String where = EntryNames.CLUSTER_SNAPSHOT;
        byte[] bytes;
        try (InputStream in = new BoundedEntryStream(zip.getInputStream(contents.clusterSnapshot()), declared.size())) {
            bytes = in.readAllBytes();
        } catch (BoundedEntryStream.OverrunException e) {
            throw new BundleException(where, e.getMessage(), e);
        } catch (IOException e) {
            throw new BundleException(where, "cannot be inflated, the compressed data is damaged ("
                    + BundleException.detail(e) + ")", e);
        }
        if (bytes.length != declared.size()) {
            throw new BundleException(where, "ends after " + bytes.length + " bytes, but manifest.json declares "
                    + declared.size() + ": the entry is truncated");
        }
        String actual = Digests.sha256Hex(bytes);
        if (!actual.equals(declared.sha256())) {
            throw new BundleException(where, "SHA-256 is " + actual.substring(0, 12) + "…, manifest.json declares "
                    + declared.sha256().substring(0, 12) + "…: the entry is damaged");
        }
        return Optional.of(bytes);
    }

    /**
     * Reads every node entry in full and returns the problems found, one line
     * each (in node order), or an empty list when every entry is whole.
     */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (Manifest.Node node : manifest.nodes()) {
            try {
                replay(node.index(), event -> { });
            } catch (BundleException e) {
                problems.add(e.getMessage());
            }
        }
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static ZipFile openZip(Path path, String file) throws BundleException {
        try {
            return new ZipFile(path.toFile());
        } catch (IOException e) {
            throw new BundleException(file, "cannot be opened as a zip file (" + BundleException.detail(e)
                    + "): the file is damaged or not a Nightjar bundle", e);
        }
    }

    private static byte[] readManifest(ZipFile zip, ZipEntry entry) throws BundleException {
        long declared = entry.getSize();
        if (declared > BundleLimits.MAX_MANIFEST_BYTES) {
            throw new BundleException(EntryNames.MANIFEST, declared + " bytes, over the limit of "
                    + BundleLimits.mib(BundleLimits.MAX_MANIFEST_BYTES));
        }
        byte[] json;
        try (InputStream in = new BoundedEntryStream(zip.getInputStream(entry), declared)) {
            json = in.readAllBytes();
        } catch (BoundedEntryStream.OverrunException e) {
            throw new BundleException(EntryNames.MANIFEST, e.getMessage(), e);
        } catch (IOException e) {
            throw new BundleException(EntryNames.MANIFEST, "cannot be inflated, the compressed data is damaged ("
                    + BundleException.detail(e) + ")", e);
        }
        if (json.length != declared) {
            throw new BundleException(EntryNames.MANIFEST, "ends after " + json.length
                    + " bytes, but the zip's central directory declares " + declared + ": the entry is truncated");
        }
        return json;
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // A read-only zip that fails to close has lost nothing.
        }
    }
}
