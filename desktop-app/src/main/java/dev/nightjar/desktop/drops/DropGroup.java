package dev.nightjar.desktop.drops;

import java.util.List;

/**
 * All drops of one kernel reason in the chosen window: how many, where, when,
 * and what the reason means.
 *
 * @param rate         packets per time bucket across the window, oldest first
 * @param rateFromNs   when the first bucket starts
 * @param rateBucketNs how long each bucket is
 */
public record DropGroup(
        DropReasonInfo reason,
        long packets,
        List<DropTuple> tuples,
        long firstSeenNs,
        long lastSeenNs,
        List<Long> rate,
        long rateFromNs,
        long rateBucketNs) {

    public DropGroup {
        tuples = List.copyOf(tuples);
        rate = List.copyOf(rate);
    }
}
