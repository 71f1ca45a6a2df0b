package dev.nightjar.desktop.capture;

import dev.nightjar.desktop.AppInfo;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshotJson;
import dev.nightjar.protocol.bundle.BundleException;
import dev.nightjar.protocol.bundle.BundleWriter;
import dev.nightjar.protocol.bundle.NodeRecorder;
import dev.nightjar.protocol.v1.Heartbeat;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes what a store holds into a capture bundle, node by node, in time
 * order, so that opening the bundle replays it through the same store. Each
 * node ends with its sensor's last loss counters and resources, so the reader
 * sees what was lost before the capture reached the desktop. Writing is atomic:
 * a failure leaves no file under the target name.
 *
 * <p>Sequence numbers are renumbered 1..n per node: the bundle is a stream of
 * its own, and the live stream's numbers have holes where heartbeats and
 * counters went by, which a reader would otherwise take for lost events.
 */
public final class BundleExport {

    private BundleExport() {
    }

    /** @return events written */
    public static long write(CaptureStore store, Path target) throws BundleException {
        return write(store, target, null);
    }

    /**
     * @param snapshot the cluster the capture's endpoints were named from, written as
     *                 cluster/snapshot.json so the bundle names them the same offline; null for none
     * @return events written
     */
    public static long write(CaptureStore store, Path target, ClusterSnapshot snapshot) throws BundleException {
        long written = 0;
        try (BundleWriter writer = BundleWriter.create(target, AppInfo.NAME.toLowerCase(java.util.Locale.ROOT)
                + " " + AppInfo.version())) {
            for (String name : store.nodeNames()) {
                NodeCapture node = store.node(name).orElseThrow();
                try (NodeRecorder recorder = writer.node(name, node.info().orElse(null))) {
                    long sequence = 0;
                    long lastTimestamp = 0;
                    for (SensorEvent event : timeOrdered(node)) {
                        recorder.append(event.toBuilder().setSequence(++sequence).build());
                        lastTimestamp = event.getTimestampNs();
                    }
                    SensorEvent.Builder last = closingCounters(node);
                    if (last != null) {
                        recorder.append(last.setSequence(++sequence).setTimestampNs(lastTimestamp).build());
                    }
                    written += sequence;
                }
            }
            if (snapshot != null) {
                writer.setClusterSnapshot(ClusterSnapshotJson.write(snapshot));
            }
            writer.commit();
        }
        return written;
    }

    private static List<SensorEvent> timeOrdered(NodeCapture node) {
        List<SensorEvent> all = new ArrayList<>();
        for (RecordKind kind : RecordKind.values()) {
            all.addAll(node.events(kind));
        }
        all.sort(Comparator.comparingLong(SensorEvent::getTimestampNs));
        return all;
    }

    private static SensorEvent.Builder closingCounters(NodeCapture node) {
        Map<NodeCapture.LossKey, Long> losses = node.sensorLosses();
        boolean knowsResources = node.resources().filter(r -> !r.equals(SensorResources.getDefaultInstance())).isPresent();
        if (losses.isEmpty() && !knowsResources) {
            return null;
        }
        SensorEvent.Builder event = SensorEvent.newBuilder().setNode(node.node());
        if (!losses.isEmpty()) {
            LostEvents.Builder lost = LostEvents.newBuilder();
            losses.forEach((key, total) -> lost.addCounters(LossCounter.newBuilder()
                    .setStage(key.stage()).setKind(key.kind()).setLostTotal(total)));
            return event.setLost(lost);
        }
        return event.setHeartbeat(Heartbeat.newBuilder().setResources(node.resources().get()));
    }
}
