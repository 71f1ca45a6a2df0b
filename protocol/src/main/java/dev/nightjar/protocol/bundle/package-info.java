/**
 * Capture bundle format v1 ({@code .njcap}): how a recorded session leaves the
 * cluster, and how it is opened again weeks later on another machine. The full
 * description, with an example manifest, is {@code protocol/BUNDLE-FORMAT.md}.
 *
 * <h2>Layout</h2>
 * A zip file with exactly these entries, and no others:
 * <ul>
 *   <li>{@code nodes/<i>/events.pb} for node index i = 0, 1, 2, ... (decimal, no
 *       leading zeros, below {@link dev.nightjar.protocol.bundle.BundleLimits#MAX_NODES}):
 *       that node's {@code nightjar.v1.SensorEvent} messages in recorded order, each
 *       a protobuf varint length followed by the message ({@code writeDelimitedTo}
 *       framing). DEFLATED.</li>
 *   <li>{@code manifest.json}, written last: {@link dev.nightjar.protocol.bundle.Manifest}
 *       (format version, creator, creation time, time range, per node its name,
 *       entry, event count, uncompressed size, SHA-256 of the uncompressed bytes,
 *       counts per {@link dev.nightjar.protocol.PayloadKind#manifestKey kind} and SensorInfo
 *       as protobuf JSON; the Kubernetes snapshot used for enrichment; what was
 *       redacted).</li>
 * </ul>
 *
 * <h2>Trust</h2>
 * A reader treats every byte as hostile. {@link dev.nightjar.protocol.bundle.BundleReader#open}
 * checks the zip's end record and central-directory size, every entry name (no
 * {@code ..}, absolute paths, backslashes, duplicates or unknown names), compression
 * ratios, the manifest (bounded read, strict JSON, format version, fields) and each
 * node entry's existence and size. {@link dev.nightjar.protocol.bundle.BundleReader#replay}
 * streams an entry, never delivering more bytes than declared, checking each record's
 * length before allocating for it, and comparing SHA-256 and event count at the end.
 * All limits are in {@link dev.nightjar.protocol.bundle.BundleLimits}. Every failure is a
 * {@link dev.nightjar.protocol.bundle.BundleException} whose message is one line naming
 * the entry or file and the problem.
 *
 * <h2>Writing</h2>
 * {@link dev.nightjar.protocol.bundle.BundleWriter} streams events node by node
 * through a {@link dev.nightjar.protocol.bundle.NodeRecorder} into a temporary file
 * beside the target and renames it atomically on commit, so the target name only
 * ever holds a whole bundle.
 */
package dev.nightjar.protocol.bundle;
