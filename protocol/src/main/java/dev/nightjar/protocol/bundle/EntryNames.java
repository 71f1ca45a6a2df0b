package dev.nightjar.protocol.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only entry names bundle format v1 allows: {@code manifest.json},
 * {@code nodes/<i>/events.pb} with i in decimal without leading zeros, below
 * {@link BundleLimits#MAX_NODES}, and the optional {@code cluster/snapshot.json}. Everything else is rejected by name, with the
 * reason a person can recognise (path traversal, absolute path, backslash).
 */
public final class EntryNames {

    public static final String MANIFEST = "manifest.json";

    /** The optional cluster snapshot the desktop names endpoints with (JSON, opaque to the format). */
    public static final String CLUSTER_SNAPSHOT = "cluster/snapshot.json";

    /** Returned by {@link #nodeIndexOf} for manifest.json. */
    static final int MANIFEST_INDEX = -1;

    /** Returned by {@link #nodeIndexOf} for cluster/snapshot.json. */
    static final int CLUSTER_SNAPSHOT_INDEX = -2;

    private static final Pattern NODE_ENTRY = Pattern.compile("nodes/(0|[1-9][0-9]{0,9})/events\\.pb");

    private EntryNames() {
    }

    /** The entry name of node {@code index}'s events. */
    public static String nodeEntry(int index) {
        if (index < 0 || index >= BundleLimits.MAX_NODES) {
            throw new IllegalArgumentException("node index " + index + " is outside 0.." + (BundleLimits.MAX_NODES - 1));
        }
        return "nodes/" + index + "/events.pb";
    }

    /**
     * Checks one entry name from a zip's central directory.
     *
     * @return the node index of a node entry, or {@link #MANIFEST_INDEX} for manifest.json
     * @throws BundleException naming the entry (quoted, made printable) and why it is refused
     */
    static int nodeIndexOf(String name, String file) throws BundleException {
        if (name.equals(MANIFEST)) {
            return MANIFEST_INDEX;
        }
        if (name.equals(CLUSTER_SNAPSHOT)) {
            return CLUSTER_SNAPSHOT_INDEX;
        }
        Matcher m = NODE_ENTRY.matcher(name);
        if (m.matches()) {
            long index = Long.parseLong(m.group(1));
            if (index < BundleLimits.MAX_NODES) {
                return (int) index;
            }
            throw refused(name, file, "node index " + index + " is over the limit of " + (BundleLimits.MAX_NODES - 1));
        }
        throw refused(name, file, whyNotAllowed(name));
    }

    private static String whyNotAllowed(String name) {
        if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
            return "an absolute path";
        }
        if (name.indexOf('\\') >= 0) {
            return "a path with a backslash";
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return "a path that climbs out of the bundle ('..')";
            }
        }
        return "not an entry of bundle format v1";
    }

    private static BundleException refused(String name, String file, String why) {
        return new BundleException(file, "refusing entry " + BundleException.quote(name) + ": " + why
                + "; a v1 bundle holds only manifest.json, nodes/<i>/events.pb and " + CLUSTER_SNAPSHOT);
    }
}
