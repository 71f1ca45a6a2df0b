package dev.nightjar.desktop.overview;

import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.protocol.PayloadKind;
import java.util.List;
import java.util.Map;

/**
 * One node's health at a glance: what its sensor runs, what it costs, how much
 * it recorded and how much was lost on the way.
 *
 * @param talkerTargets what each of {@code topTalkers} names that can be traced
 */
public record NodeOverview(
        String node,
        String kernelRelease,
        String architecture,
        String sensorVersion,
        List<FeatureLine> features,
        double sensorCpuSeconds,
        long sensorRssBytes,
        Map<PayloadKind, Integer> recorded,
        long lostTotal,
        List<String> lossDetails,
        long streamRestarts,
        List<TopTalkers.Talker> topTalkers,
        DropRate drops,
        Map<TopTalkers.Talker, Traceable> talkerTargets) {

    /** The processes and pods a top talker's flows name (what its trace menu offers); none if unknown. */
    public Traceable traceable(TopTalkers.Talker talker) {
        return talkerTargets.getOrDefault(talker, Traceable.NONE);
    }

    /**
     * Packets the kernel dropped on this node within the view, and over how long.
     *
     * @param packets  dropped packets (each drop record counts its packets)
     * @param seconds  the span they were recorded over; 0 when there were none
     */
    public record DropRate(long packets, double seconds) {

        public static final DropRate NONE = new DropRate(0, 0);

        public double perMinute() {
            return seconds <= 0 ? 0 : packets * 60.0 / seconds;
        }
    }

    /** A sensor feature and, when it does not run, why. */
    public record FeatureLine(String name, boolean running, String reason) {
    }
}
