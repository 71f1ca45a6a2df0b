package dev.nightjar.protocol.bundle;

/**
 * Every size limit of bundle format v1, in one place. A reader refuses a bundle
 * that goes past any of them before it allocates or inflates anything in
 * proportion to what the file claims; the writer refuses to produce one.
 */
public final class BundleLimits {

    private static final long MIB = 1024L * 1024L;

    /** Largest manifest.json, uncompressed (it carries the Kubernetes snapshot). */
    public static final long MAX_MANIFEST_BYTES = 64 * MIB;

    /**
     * Most JSON tokens in manifest.json. The manifest becomes a tree of Jackson nodes
     * (the Kubernetes snapshot is exposed as one), which costs up to ~64 bytes of heap
     * per token: 64 MiB of {@code {},} would need gigabytes. Two million tokens bound
     * that to ~128 MiB and still hold the objects of a few thousand pods.
     */
    public static final long MAX_MANIFEST_JSON_TOKENS = 2_000_000;

    /**
     * Largest cluster/snapshot.json, uncompressed. Compact records of a 10,000-pod cluster
     * take a few MiB; the reader holds the entry in memory once.
     */
    public static final long MAX_CLUSTER_SNAPSHOT_BYTES = 64 * MIB;

    /** Largest single length-delimited SensorEvent record. */
    public static final int MAX_RECORD_BYTES = (int) (16 * MIB);

    /** Largest uncompressed/compressed ratio accepted for an entry over {@link #RATIO_CHECKED_ABOVE_BYTES}. */
    public static final long MAX_COMPRESSION_RATIO = 1000;

    /** Entries up to this uncompressed size are not ratio-checked: a small file of zeros is no bomb. */
    public static final long RATIO_CHECKED_ABOVE_BYTES = MIB;

    /** Most nodes one bundle can hold; node indexes run from 0 to MAX_NODES - 1. */
    public static final int MAX_NODES = 1024;

    /** Most entries in a bundle's zip: the nodes, manifest.json and cluster/snapshot.json. */
    public static final int MAX_ENTRIES = MAX_NODES + 2;

    /**
     * Largest zip central directory. 1025 entries with v1 names need about 100 KiB;
     * the limit keeps {@link java.util.zip.ZipFile}, which reads the whole central
     * directory into one array, from allocating what a hostile file asks for.
     */
    public static final long MAX_CENTRAL_DIRECTORY_BYTES = MIB;

    private BundleLimits() {
    }

    static String mib(long bytes) {
        return bytes % MIB == 0 ? (bytes / MIB) + " MiB" : bytes + " bytes";
    }
}
