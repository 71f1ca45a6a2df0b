package dev.nightjar.desktop.bundle;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshotJson;
import dev.nightjar.protocol.PayloadKind;
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
 * <p>An {@link ExportRequest} narrows the export to a time window and a set of
 * nodes and applies its {@link Redaction}; the manifest lists what was redacted.
 *
 * <p>Sequence numbers are renumbered 1..n per node: the bundle is a stream of
 * its own, and the live stream's numbers have holes where heartbeats and
 * counters went by, which a reader would otherwise take for lost events.
 */
public final class BundleExport {

    /** Progress is reported every 4096 events: often enough for a bar, rare enough to cost nothing. */
    private static final long PROGRESS_EVERY_MASK = 4095;

    private BundleExport() {
    }

    /** Everything in the store, nothing redacted. @return events written */
    public static long write(CaptureStore store, Path target) throws BundleException {
        return write(store, target, null);
    }

    /** Everything in the store with the cluster snapshot its endpoints were named from. */
    public static long write(CaptureStore store, Path target, ClusterSnapshot snapshot) throws BundleException {
        return write(store, ExportRequest.everything(), target, ExportProgress.NONE, snapshot);
    }

    /** @return events written */
    public static long write(CaptureStore store, ExportRequest request, Path target, ExportProgress progress)
            throws BundleException {
        return write(store, request, target, progress, null);
    }

    /**
     * @param snapshot the cluster the capture's endpoints were named from, written as
     *                 cluster/snapshot.json (redacted like the events) so the bundle names them
     *                 the same offline; null for none
     * @return events written
     */
    public static long write(CaptureStore store, ExportRequest request, Path target, ExportProgress progress,
            ClusterSnapshot snapshot) throws BundleException {
        long total = estimate(store, request).events();
        EventRedactor redactor = new EventRedactor(request.redaction());
        long written = 0;
        try (BundleWriter writer = BundleWriter.create(target, AppInfo.NAME.toLowerCase(java.util.Locale.ROOT)
                + " " + AppInfo.version())) {
            for (String name : selectedNodes(store, request)) {
                NodeCapture node = store.node(name).orElseThrow();
                try (NodeRecorder recorder = writer.node(name, node.info().orElse(null))) {
                    long sequence = 0;
                    long lastTimestamp = 0;
                    for (SensorEvent event : timeOrdered(node, request.window())) {
                        recorder.append(redactor.apply(event).toBuilder().setSequence(++sequence).build());
                        lastTimestamp = event.getTimestampNs();
                        if ((sequence & PROGRESS_EVERY_MASK) == 0) {
                            progress.update(written + sequence, total);
                        }
                    }
                    SensorEvent.Builder last = closingCounters(node);
                    if (last != null) {
                        recorder.append(last.setSequence(++sequence).setTimestampNs(lastTimestamp).build());
                    }
                    written += sequence;
                }
            }
            if (snapshot != null) {
                writer.setClusterSnapshot(ClusterSnapshotJson.write(redactor.snapshot(snapshot)));
            }
            writer.setRedactions(request.redaction().manifestLines());
            writer.commit();
        }
        progress.update(written, Math.max(total, written));
        return written;
    }

    /**
     * What {@link #write(CaptureStore, ExportRequest, Path, ExportProgress)} would write, counted
     * from the store: shown before exporting. Counts what write counts: the recorded events and
     * each node's closing loss/resource record.
     */
    public static ExportEstimate estimate(CaptureStore store, ExportRequest request) {
        long events = 0;
        long bytes = 0;
        for (String name : selectedNodes(store, request)) {
            NodeCapture node = store.node(name).orElseThrow();
            for (PayloadKind kind : PayloadKind.records()) {
                for (SensorEvent event : node.events(kind, request.window())) {
                    events++;
                    bytes += framed(event);
                }
            }
            SensorEvent.Builder closing = closingCounters(node);
            if (closing != null) {
                events++;
                bytes += framed(closing.build());
            }
        }
        return new ExportEstimate(events, bytes);
    }

    private static long framed(SensorEvent event) {
        int size = event.getSerializedSize();
        return size + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size);
    }

    private static List<String> selectedNodes(CaptureStore store, ExportRequest request) {
        return store.nodeNames().stream().filter(request::includes).toList();
    }

    private static List<SensorEvent> timeOrdered(NodeCapture node, TimeWindow window) {
        List<SensorEvent> all = new ArrayList<>();
        for (PayloadKind kind : PayloadKind.records()) {
            all.addAll(node.events(kind, window));
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
