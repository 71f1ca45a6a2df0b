package dev.nightjar.protocol.bundle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * What manifest.json says, checked against itself and against the zip's central
 * directory: node count, unique indexes, entry names, sizes, digests, counts.
 * Only the entries' data is left unchecked; {@link NodeReplay} does that.
 */
final class ManifestChecks {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ManifestChecks() {
    }

    static void check(Manifest manifest, SortedMap<Integer, ZipEntry> zipNodes) throws BundleException {
        List<Manifest.Node> nodes = manifest.nodes();
        if (nodes.size() > BundleLimits.MAX_NODES) {
            throw problem("lists " + nodes.size() + " nodes, over the limit of " + BundleLimits.MAX_NODES);
        }
        Map<Integer, Integer> positionByIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Manifest.Node node = nodes.get(i);
            Integer earlier = positionByIndex.putIfAbsent(node.index(), i);
            if (earlier != null) {
                throw problem("nodes[" + i + "]: node index " + node.index() + " appears twice (also at nodes["
                        + earlier + "])");
            }
            checkNode(i, node);
            checkAgainstZip(node, zipNodes.get(node.index()));
        }
        for (Map.Entry<Integer, ZipEntry> inZip : zipNodes.entrySet()) {
            if (!positionByIndex.containsKey(inZip.getKey())) {
                throw new BundleException(inZip.getValue().getName(),
                        "is in the zip but not listed in manifest.json: the bundle is damaged or forged");
            }
        }
        Manifest.TimeRange range = manifest.timeRange();
        if (range != null && range.startNs() > range.endNs()) {
            throw problem("timeRange starts (" + range.startNs() + ") after it ends (" + range.endNs() + ")");
        }
        if (manifest.kubernetes() != null && !manifest.kubernetes().isObject()) {
            throw problem("kubernetes must be a JSON object, found " + manifest.kubernetes().getNodeType());
        }
    }

    /** The optional cluster snapshot: declared exactly when it is in the zip, with a sane size and digest. */
    static void checkClusterSnapshot(Manifest manifest, ZipEntry inZip) throws BundleException {
        Manifest.Attachment declared = manifest.clusterSnapshot();
        if (declared == null) {
            if (inZip != null) {
                throw new BundleException(EntryNames.CLUSTER_SNAPSHOT,
                        "is in the zip but not listed in manifest.json: the bundle is damaged or forged");
            }
            return;
        }
        String at = "clusterSnapshot: ";
        if (!declared.entry().equals(EntryNames.CLUSTER_SNAPSHOT)) {
            throw problem(at + "entry must be " + EntryNames.CLUSTER_SNAPSHOT + ", found "
                    + BundleException.quote(declared.entry()));
        }
        if (declared.size() < 0 || declared.size() > BundleLimits.MAX_CLUSTER_SNAPSHOT_BYTES) {
            throw problem(at + "size " + declared.size() + " is outside 0.."
                    + BundleLimits.mib(BundleLimits.MAX_CLUSTER_SNAPSHOT_BYTES));
        }
        if (!SHA256_HEX.matcher(declared.sha256()).matches()) {
            throw problem(at + "sha256 must be 64 lowercase hex digits, found " + BundleException.quote(declared.sha256()));
        }
        if (inZip == null) {
            throw new BundleException(EntryNames.CLUSTER_SNAPSHOT, "is listed in manifest.json but missing from the zip");
        }
        if (inZip.getSize() != declared.size()) {
            throw new BundleException(EntryNames.CLUSTER_SNAPSHOT, "the zip's central directory gives "
                    + inZip.getSize() + " bytes, manifest.json declares " + declared.size()
                    + ": the bundle is damaged or forged");
        }
    }

    private static void checkNode(int i, Manifest.Node node) throws BundleException {
        String at = "nodes[" + i + "]: ";
        if (node.index() < 0 || node.index() >= BundleLimits.MAX_NODES) {
            throw problem(at + "index " + node.index() + " is outside 0.." + (BundleLimits.MAX_NODES - 1));
        }
        String expected = EntryNames.nodeEntry(node.index());
        if (!node.entry().equals(expected)) {
            throw problem(at + "entry " + BundleException.quote(node.entry()) + " does not match index "
                    + node.index() + " (expected " + expected + ")");
        }
        if (node.events() < 0 || node.size() < 0) {
            throw problem(at + "events and size cannot be negative");
        }
        if (!SHA256_HEX.matcher(node.sha256()).matches()) {
            throw problem(at + "sha256 must be 64 lowercase hex digits, found "
                    + BundleException.quote(node.sha256()));
        }
        long sum = 0;
        for (Map.Entry<String, Long> count : node.eventCounts().entrySet()) {
            if (count.getValue() < 0) {
                throw problem(at + "eventCounts." + BundleException.printable(count.getKey()) + " is negative");
            }
            if (count.getValue() > node.events() - sum) { // compared this way round, the sum never overflows
                throw problem(at + "eventCounts add up to more than events (" + node.events() + ")");
            }
            sum += count.getValue();
        }
        if (sum != node.events()) {
            throw problem(at + "eventCounts add up to " + sum + " but events is " + node.events());
        }
    }

    private static void checkAgainstZip(Manifest.Node node, ZipEntry entry) throws BundleException {
        if (entry == null) {
            throw new BundleException(node.entry(), "is listed in manifest.json but missing from the zip");
        }
        if (entry.getSize() != node.size()) {
            throw new BundleException(node.entry(), "the zip's central directory gives " + entry.getSize()
                    + " bytes, manifest.json declares " + node.size() + ": the bundle is damaged or forged");
        }
    }

    private static BundleException problem(String problem) {
        return new BundleException(EntryNames.MANIFEST, problem);
    }
}
