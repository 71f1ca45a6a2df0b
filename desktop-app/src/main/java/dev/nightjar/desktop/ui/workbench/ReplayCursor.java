package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.capture.TimeWindow;
import java.util.List;

/**
 * The time slider's model, without JavaFX: a cursor inside a capture's time range, the
 * window the views show (a fixed width ending at the cursor, or everything up to it), and
 * playback at 1x, 10x or 100x. Time comes in through {@link #tick(long)} from whatever
 * clock the caller has (an FX Timeline in the app, a number in tests), so playback is
 * testable without sleeping. Not thread-safe: the UI thread owns it.
 */
public final class ReplayCursor {

    /** What the views show relative to the cursor. */
    public enum Mode {
        /** {@link #widthNs()} of capture time ending at the cursor. */
        WINDOW,
        /** From the start of the capture up to the cursor. */
        UP_TO_CURSOR
    }

    public static final List<Integer> SPEEDS = List.of(1, 10, 100);

    /** Left/Right move the cursor by this share of the capture's range. */
    private static final int STEPS_PER_RANGE = 100;

    private final long startNs;
    private final long endNs;
    private long cursorNs;
    private Mode mode;
    private long widthNs;
    private int speed = 1;
    private boolean playing;
    private long lastTickNanos;

    /**
     * Starts at the end of the range showing everything up to it, i.e. the whole capture.
     *
     * @param range   the capture's time range
     * @param widthNs the window width for {@link Mode#WINDOW}, at least 1
     */
    public ReplayCursor(TimeWindow range, long widthNs) {
        this.startNs = range.fromNs();
        this.endNs = range.toNs();
        this.cursorNs = endNs;
        this.mode = Mode.UP_TO_CURSOR;
        setWidthNs(widthNs);
    }

    public long startNs() {
        return startNs;
    }

    public long endNs() {
        return endNs;
    }

    public long cursorNs() {
        return cursorNs;
    }

    /** Moves the cursor, clamped to the range. */
    public void seek(long ns) {
        cursorNs = Math.clamp(ns, startNs, endNs);
    }

    /** Where the cursor is as a share of the range, 0 … 1 (for a slider). */
    public double fraction() {
        return endNs == startNs ? 1 : (double) (cursorNs - startNs) / (double) (endNs - startNs);
    }

    public void seekFraction(double fraction) {
        seek(startNs + Math.round(Math.clamp(fraction, 0, 1) * (double) (endNs - startNs)));
    }

    /** One keyboard step (1% of the range, at least 1 ns) forward (+1) or back (-1). */
    public void step(int direction) {
        long step = Math.max(1, (endNs - startNs) / STEPS_PER_RANGE);
        seek(cursorNs + Long.signum(direction) * step);
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
    }

    public long widthNs() {
        return widthNs;
    }

    public void setWidthNs(long widthNs) {
        if (widthNs < 1) {
            throw new IllegalArgumentException("window width must be at least 1 ns, was " + widthNs);
        }
        this.widthNs = widthNs;
    }

    public int speed() {
        return speed;
    }

    /** @param speed one of {@link #SPEEDS} */
    public void setSpeed(int speed) {
        if (!SPEEDS.contains(speed)) {
            throw new IllegalArgumentException("speed must be one of " + SPEEDS + ", was " + speed);
        }
        this.speed = speed;
    }

    public boolean isPlaying() {
        return playing;
    }

    /** Starts playing from the cursor (from the start when the cursor is at the end). */
    public void play(long nowNanos) {
        if (cursorNs >= endNs) {
            cursorNs = startNs;
        }
        playing = true;
        lastTickNanos = nowNanos;
    }

    public void pause() {
        playing = false;
    }

    /**
     * Advances the cursor by the time passed since the last tick times the speed; stops at
     * the end of the range. Does nothing while paused.
     *
     * @param nowNanos a monotonic clock reading (e.g. {@code System.nanoTime()})
     * @return true when the cursor moved
     */
    public boolean tick(long nowNanos) {
        if (!playing) {
            return false;
        }
        long elapsed = Math.max(0, nowNanos - lastTickNanos);
        lastTickNanos = nowNanos;
        long before = cursorNs;
        long advance = Math.multiplyHigh(elapsed, speed) != 0 ? Long.MAX_VALUE : elapsed * speed;
        cursorNs = endNs - cursorNs <= advance ? endNs : cursorNs + advance;
        if (cursorNs == endNs) {
            playing = false;
        }
        return cursorNs != before;
    }

    /** The capture time the views show now, both ends inclusive. */
    public TimeWindow window() {
        long from = mode == Mode.UP_TO_CURSOR || cursorNs - startNs < widthNs ? startNs : cursorNs - widthNs + 1;
        return new TimeWindow(from, cursorNs);
    }
}
