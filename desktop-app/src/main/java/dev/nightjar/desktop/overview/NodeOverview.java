package dev.nightjar.desktop.overview;

import dev.nightjar.desktop.capture.RecordKind;
import java.util.List;
import java.util.Map;

/**
 * One node's health at a glance: what its sensor runs, what it costs, how much
 * it recorded and how much was lost on the way.
 */
public record NodeOverview(
        String node,
        String kernelRelease,
        String architecture,
        String sensorVersion,
        List<FeatureLine> features,
        double sensorCpuSeconds,
        long sensorRssBytes,
        Map<RecordKind, Integer> recorded,
        long lostTotal,
        List<String> lossDetails,
        long streamRestarts) {

    /** A sensor feature and, when it does not run, why. */
    public record FeatureLine(String name, boolean running, String reason) {
    }
}
