package dev.nightjar.protocol.bundle;

import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The entries of a bundle's zip, checked by name, uniqueness, compression method
 * and compression ratio from the central directory alone, before anything is
 * inflated.
 *
 * @param manifest manifest.json's entry
 * @param nodes    node entries by node index
 * @param clusterSnapshot cluster/snapshot.json's entry, or null when the bundle has none
 */
record ZipContents(ZipEntry manifest, SortedMap<Integer, ZipEntry> nodes, ZipEntry clusterSnapshot) {

    static ZipContents scan(ZipFile zip, String file) throws BundleException {
        Set<String> seen = new HashSet<>();
        ZipEntry manifest = null;
        ZipEntry clusterSnapshot = null;
        SortedMap<Integer, ZipEntry> nodes = new TreeMap<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            int index = EntryNames.nodeIndexOf(name, file);
            if (!seen.add(name)) {
                throw new BundleException(file, "entry " + BundleException.quote(name)
                        + " appears twice in the zip: the bundle is damaged or forged");
            }
            checkMethodAndRatio(entry);
            if (index == EntryNames.MANIFEST_INDEX) {
                manifest = entry;
            } else if (index == EntryNames.CLUSTER_SNAPSHOT_INDEX) {
                clusterSnapshot = entry;
            } else {
                nodes.put(index, entry);
            }
        }
        if (seen.isEmpty()) {
            throw new BundleException(file, "the zip is empty (no entries): not a Nightjar bundle");
        }
        if (manifest == null) {
            throw new BundleException(file, "the zip has no manifest.json: not a Nightjar bundle");
        }
        return new ZipContents(manifest, nodes, clusterSnapshot);
    }

    private static void checkMethodAndRatio(ZipEntry entry) throws BundleException {
        String name = entry.getName();
        if (entry.getMethod() != ZipEntry.DEFLATED && entry.getMethod() != ZipEntry.STORED) {
            throw new BundleException(name, "uses compression method " + entry.getMethod()
                    + "; a bundle uses DEFLATED (8) or STORED (0)");
        }
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            throw new BundleException(name, "the zip's central directory gives no size for it: the bundle is damaged");
        }
        if (size > BundleLimits.RATIO_CHECKED_ABOVE_BYTES
                && (compressed == 0 || size / compressed > BundleLimits.MAX_COMPRESSION_RATIO)) {
            throw new BundleException(name, "would inflate " + compressed + " bytes into " + size + " (ratio "
                    + (compressed == 0 ? "unbounded" : (size / compressed) + ":1") + "), over the limit of "
                    + BundleLimits.MAX_COMPRESSION_RATIO + ":1; refusing to inflate it (a zip bomb?)");
        }
    }
}
