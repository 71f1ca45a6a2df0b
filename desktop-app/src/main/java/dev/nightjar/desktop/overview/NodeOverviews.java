package dev.nightjar.desktop.overview;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.FlowTable;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorResources;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the overview rows from a store snapshot. */
public final class NodeOverviews {

    private NodeOverviews() {
    }

    /** Top talkers shown per node card. */
    static final int TOP_TALKERS = 3;

    public static List<NodeOverview> of(CaptureStore store) {
        return of(store, TimeWindow.ALL, EndpointNamer.ADDRESSES_ONLY);
    }

    /** Rows whose counts, talkers and drop rate cover only {@code window} (the time slider's choice). */
    public static List<NodeOverview> of(CaptureStore store, TimeWindow window, EndpointNamer namer) {
        return of(store, window, namer, SessionTraffic.NONE);
    }

    /** As above, with the session's own sensor stream left out of the top talkers. */
    public static List<NodeOverview> of(CaptureStore store, TimeWindow window, EndpointNamer namer,
                                        SessionTraffic own) {
        List<NodeOverview> rows = new ArrayList<>();
        for (String name : store.nodeNames()) {
            store.node(name).ifPresent(capture -> rows.add(of(capture, window, namer, own)));
        }
        return rows;
    }

    static NodeOverview of(NodeCapture capture) {
        return of(capture, TimeWindow.ALL, EndpointNamer.ADDRESSES_ONLY, SessionTraffic.NONE);
    }

    static NodeOverview of(NodeCapture capture, TimeWindow window, EndpointNamer namer, SessionTraffic own) {
        SensorInfo info = capture.info().orElse(SensorInfo.getDefaultInstance());
        SensorResources resources = capture.resources().orElse(SensorResources.getDefaultInstance());
        List<NodeOverview.FeatureLine> features = new ArrayList<>();
        for (FeatureState f : info.getFeaturesList()) {
            features.add(new NodeOverview.FeatureLine(featureName(f), f.getRunning(), f.getReason()));
        }
        Map<PayloadKind, Integer> recorded = new EnumMap<>(PayloadKind.class);
        for (PayloadKind kind : PayloadKind.records()) {
            recorded.put(kind, window.isAll() ? capture.size(kind) : capture.events(kind, window).size());
        }
        List<FlowRow> flows = FlowTable.at(capture.events(PayloadKind.FLOW, window), Long.MAX_VALUE, namer).stream()
                .filter(own.negate()).toList();
        List<TopTalkers.Talker> talkers = TopTalkers.of(flows, TOP_TALKERS);
        Map<TopTalkers.Talker, Traceable> talkerTargets = new LinkedHashMap<>();
        TopTalkers.rowsOf(flows, talkers).forEach((talker, rows) -> talkerTargets.put(talker, Traceable.ofAll(rows)));
        return new NodeOverview(
                capture.node(),
                orUnknown(info.getKernelRelease()),
                orUnknown(info.getArchitecture()),
                orUnknown(info.getSensorVersion()),
                List.copyOf(features),
                resources.getCpuTimeNsTotal() / 1e9,
                resources.getRssBytes(),
                Map.copyOf(recorded),
                capture.totalLost(),
                lossDetails(capture),
                capture.streamRestarts(),
                talkers,
                dropRate(capture.events(PayloadKind.DROP, window)),
                Map.copyOf(talkerTargets));
    }

    /** Packets over the span from the first drop record's first packet to the last one's last. */
    static NodeOverview.DropRate dropRate(List<SensorEvent> drops) {
        long packets = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SensorEvent e : drops) {
            DropEvent d = e.getDrop();
            packets += Math.max(1, d.getCount());
            first = Math.min(first, d.getFirstSeenNs() > 0 ? d.getFirstSeenNs() : e.getTimestampNs());
            last = Math.max(last, d.getLastSeenNs() > 0 ? d.getLastSeenNs() : e.getTimestampNs());
        }
        if (packets == 0) {
            return NodeOverview.DropRate.NONE;
        }
        // A single burst still spans at least the sensor's one-second flush.
        return new NodeOverview.DropRate(packets, Math.max(1.0, (last - first) / 1e9));
    }

    /** Every non-zero loss, named by where it happened, so none is hidden in a total. */
    static List<String> lossDetails(NodeCapture capture) {
        List<String> lines = new ArrayList<>();
        capture.sensorLosses().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey((a, b) -> {
                    int byStage = a.stage().compareTo(b.stage());
                    return byStage != 0 ? byStage : a.kind().compareTo(b.kind());
                }))
                .forEach(e -> lines.add(String.format(Locale.ROOT, "%,d %s lost at %s", e.getValue(),
                        words(e.getKey().kind().name(), "EVENT_KIND_"), words(e.getKey().stage().name(), "LOSS_STAGE_"))));
        for (PayloadKind kind : PayloadKind.records()) {
            long evicted = capture.evicted(kind);
            if (evicted > 0) {
                lines.add(String.format(Locale.ROOT, "%,d %s evicted from the desktop's store (capacity reached)",
                        evicted, kind.plural()));
            }
        }
        if (capture.sequenceGaps() > 0) {
            lines.add(String.format(Locale.ROOT, "%,d events missing from the stream", capture.sequenceGaps()));
        }
        return List.copyOf(lines);
    }

    private static String featureName(FeatureState f) {
        return words(f.getFeature().name(), "FEATURE_");
    }

    private static String words(String enumName, String prefix) {
        String bare = enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
        return bare.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
