package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.KindLosses;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.SensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the capture's sensors record requests at all, and how many were lost: what the
 * Requests page says when its table is empty, and under it when data is missing.
 */
public final class RequestCoverage {

    /** The first protocol version whose sensors capture requests. */
    public static final int REQUESTS_PROTOCOL = 3;

    private RequestCoverage() {
    }

    /**
     * Why there may be no requests, one line per node whose sensor cannot capture them
     * ("worker-1: this sensor does not capture requests: protocol 2; redeploy"); empty when
     * every node's sensor can (or has not said what it is yet).
     */
    public static List<String> whyNone(CaptureStore store) {
        List<String> lines = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).flatMap(NodeCapture::info).ifPresent(info -> reason(info).ifPresent(
                    why -> lines.add((store.nodeNames().size() == 1 ? "" : node + ": ") + why)));
        }
        return lines;
    }

    private static java.util.Optional<String> reason(SensorInfo info) {
        int protocol = info.getProtocolVersion();
        if (protocol < REQUESTS_PROTOCOL) {
            return java.util.Optional.of("this sensor does not capture requests: protocol " + Math.max(1, protocol)
                    + "; redeploy it with this Nightjar's sensor image (protocol " + REQUESTS_PROTOCOL
                    + ") to see HTTP, gRPC, DNS, PostgreSQL and Redis requests");
        }
        for (FeatureState feature : info.getFeaturesList()) {
            if (feature.getFeature() == Feature.FEATURE_REQUESTS && !feature.getRunning()) {
                return java.util.Optional.of("request capture is off on this sensor: "
                        + (feature.getReason().isEmpty() ? "no reason given" : feature.getReason()));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Requests and stats known lost: evicted from the store (oldest first, past its limit)
     * and lost on the sensor's side; "" when none.
     */
    public static String losses(CaptureStore store) {
        KindLosses lost = KindLosses.of(store, EventKind.EVENT_KIND_REQUESTS, PayloadKind.REQUEST,
                PayloadKind.REQUEST_STATS);
        long evicted = lost.evicted();
        long sensor = lost.sensor();
        List<String> parts = new ArrayList<>();
        if (evicted > 0) {
            parts.add(String.format(Locale.ROOT, "%,d oldest requests and stats evicted (the store keeps %,d of each per node)",
                    evicted, store.limits().capacity(PayloadKind.REQUEST)));
        }
        if (sensor > 0) {
            parts.add(String.format(Locale.ROOT, "%,d lost on the sensor", sensor));
        }
        return String.join("; ", parts);
    }
}
