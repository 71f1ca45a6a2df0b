package dev.nightjar.desktop.syscalls;

/**
 * How much of the window the timeline holds, so a busy capture cannot grow the view without end.
 *
 * @param spansPerLane newest spans kept per process; older ones are counted as dropped
 * @param lanes        processes shown (those with the most spans first); the rest are counted
 * @param slowest      rows of the slowest-spans table
 */
public record TimelineLimits(int spansPerLane, int lanes, int slowest) {

    public static final TimelineLimits DEFAULT = new TimelineLimits(2_000, 200, 50);

    public TimelineLimits {
        if (spansPerLane < 1 || lanes < 1 || slowest < 1) {
            throw new IllegalArgumentException("timeline limits must be at least 1: " + spansPerLane + "/" + lanes + "/" + slowest);
        }
    }
}
