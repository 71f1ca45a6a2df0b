package dev.nightjar.desktop.syscalls;

/**
 * How much of the window the timeline holds, so a busy capture cannot grow the view without end.
 *
 * @param spansPerLane newest spans kept per process; older ones are counted as dropped
 * @param lanes        processes shown (those with the most spans first); the rest are counted
 * @param slowest      rows of the slowest-spans table
 * @param scanned      newest spans looked at per refresh, whatever the store holds, so a refresh
 *                     costs the same with a 200,000-event store; older ones are counted as dropped
 */
public record TimelineLimits(int spansPerLane, int lanes, int slowest, int scanned) {

    public static final TimelineLimits DEFAULT = new TimelineLimits(2_000, 200, 50, 50_000);

    public TimelineLimits {
        if (spansPerLane < 1 || lanes < 1 || slowest < 1 || scanned < 1) {
            throw new IllegalArgumentException("timeline limits must be at least 1: "
                    + spansPerLane + "/" + lanes + "/" + slowest + "/" + scanned);
        }
    }
}
