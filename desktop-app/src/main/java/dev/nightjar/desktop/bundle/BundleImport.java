package dev.nightjar.desktop.bundle;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshotJson;
import dev.nightjar.desktop.cluster.EndpointIndex;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.bundle.BundleException;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.bundle.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays a capture bundle into a store: the same path live data takes. A
 * damaged node entry does not stop the others, and what was read from it
 * before the damage stays in the store; the problems are returned to show.
 * Flows of sensors from before flows had a role are shown as they are now,
 * client -> server and one per connection ({@link LegacyFlows}).
 *
 * @param manifest   the bundle's manifest
 * @param problems   one line per unreadable part, naming the entry; empty when whole
 * @param eventsRead events handed to the store
 * @param clusterSnapshot the cluster the bundle's endpoints were named from, or null when the
 *                        bundle has none (or it was unreadable: then a problem says why)
 */
public record BundleImport(Manifest manifest, List<String> problems, long eventsRead, ClusterSnapshot clusterSnapshot) {

    /** Names endpoints as the live session did, or by address only without a snapshot. */
    public EndpointNamer namer() {
        return clusterSnapshot == null ? EndpointNamer.ADDRESSES_ONLY : EndpointIndex.of(clusterSnapshot);
    }

    /**
     * @throws BundleException when the bundle cannot be opened at all (not a bundle,
     *                         newer format, manifest unreadable)
     */
    public static BundleImport into(Path bundle, CaptureStore store) throws BundleException {
        try (BundleReader reader = BundleReader.open(bundle)) {
            Manifest manifest = reader.manifest();
            List<String> problems = new ArrayList<>();
            AtomicLong read = new AtomicLong();
            LegacyFlows legacy = learnFlows(reader, manifest);
            for (Manifest.Node node : manifest.nodes()) {
                if (node.sensorInfo() != null) {
                    // A stream that recorded no info event still shows its sensor's features.
                    store.recordSensorInfo(node.name(), node.sensorInfo());
                }
                try {
                    reader.replay(node.index(), event -> {
                        read.incrementAndGet();
                        if (legacy.needed()) {
                            legacy.correct(event).ifPresent(store::accept);
                        } else {
                            store.accept(event);
                        }
                    });
                } catch (BundleException e) {
                    problems.add(e.getMessage());
                }
            }
            ClusterSnapshot snapshot = null;
            try {
                byte[] json = reader.clusterSnapshot().orElse(null);
                snapshot = json == null ? null : ClusterSnapshotJson.read(json);
            } catch (BundleException e) {
                problems.add(e.getMessage() + "; endpoints are shown by address");
            } catch (IOException e) {
                problems.add("cluster/snapshot.json: " + e.getMessage());
            }
            return new BundleImport(manifest, List.copyOf(problems), read.get(), snapshot);
        }
    }

    /**
     * A first pass over the flows of every node, for bundles of sensors from before flows
     * had a role ({@link LegacyFlows}); a damaged entry is reported by the second pass.
     */
    private static LegacyFlows learnFlows(BundleReader reader, Manifest manifest) {
        LegacyFlows legacy = new LegacyFlows();
        for (Manifest.Node node : manifest.nodes()) {
            try {
                reader.replay(node.index(), legacy::learn);
            } catch (BundleException e) {
                // what was read before the damage is learnt; the replay below says what is wrong
            }
        }
        return legacy;
    }
}
