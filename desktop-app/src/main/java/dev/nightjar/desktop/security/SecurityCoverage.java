package dev.nightjar.desktop.security;

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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the capture's sensors say about security events: the policies in force, why a node has
 * none (an older sensor, the feature off), and how many were lost. What the Security page says
 * around its table.
 */
public final class SecurityCoverage {

    /** The capability a sensor lists in SensorInfo when it can send security events. */
    static final String CAPABILITY = "security-events";

    private SecurityCoverage() {
    }

    /** The policies the capture's sensors say are in force, by name. */
    public static Set<String> policiesInForce(CaptureStore store) {
        Set<String> names = new TreeSet<>();
        for (String node : store.nodeNames()) {
            store.node(node).flatMap(NodeCapture::info)
                    .ifPresent(info -> names.addAll(info.getSecurityHooks().getPoliciesList()));
        }
        return names;
    }

    /** One line per node whose sensor cannot send security events or has them off; empty when none says so. */
    public static List<String> whyNone(CaptureStore store) {
        List<String> lines = new ArrayList<>();
        for (String node : store.nodeNames()) {
            store.node(node).flatMap(NodeCapture::info).flatMap(SecurityCoverage::reason)
                    .ifPresent(why -> lines.add((store.nodeNames().size() == 1 ? "" : node + ": ") + why));
        }
        return lines;
    }

    private static Optional<String> reason(SensorInfo info) {
        if (!info.getCapabilitiesList().contains(CAPABILITY)) {
            return Optional.of("this sensor cannot send security events (protocol " + Math.max(1,
                    info.getProtocolVersion()) + ", no \"" + CAPABILITY + "\" capability); redeploy it with this"
                    + " Nightjar's sensor image");
        }
        for (FeatureState feature : info.getFeaturesList()) {
            if (feature.getFeature() == Feature.FEATURE_SECURITY && !feature.getRunning()) {
                return Optional.of("security events are off on this sensor: "
                        + (feature.getReason().isEmpty() ? "no reason given" : feature.getReason()));
            }
        }
        return Optional.empty();
    }

    /** Security events evicted from the store or lost on the sensor; "" when none. */
    public static String losses(CaptureStore store) {
        KindLosses lost = KindLosses.of(store, EventKind.EVENT_KIND_SECURITY, PayloadKind.SECURITY);
        long evicted = lost.evicted();
        long sensor = lost.sensor();
        List<String> parts = new ArrayList<>();
        if (evicted > 0) {
            parts.add(String.format(Locale.ROOT, "%,d oldest security events evicted (the store keeps %,d per node)",
                    evicted, store.limits().capacity(PayloadKind.SECURITY)));
        }
        if (sensor > 0) {
            parts.add(String.format(Locale.ROOT, "%,d security events lost on the sensor", sensor));
        }
        return String.join("; ", parts);
    }
}
