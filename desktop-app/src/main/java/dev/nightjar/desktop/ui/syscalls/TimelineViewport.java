package dev.nightjar.desktop.ui.syscalls;

import java.util.ArrayList;
import java.util.List;

/**
 * The visible stretch of time on the timeline and its mapping to pixels: zoom around a point,
 * pan by pixels, centre on an instant, and tick marks at round steps. Plain arithmetic, no JavaFX.
 */
final class TimelineViewport {

    /** Zooming stops at 1 µs across the plot: past that a bar is wider than the view anyway. */
    static final long MIN_SPAN_NS = 1_000;
    private static final long[] STEP_MANTISSAS = {1, 2, 5};

    private long fromNs;
    private long spanNs = 1_000_000_000L;
    private double widthPx = 1;

    void setWidth(double widthPx) {
        this.widthPx = Math.max(1, widthPx);
    }

    double width() {
        return widthPx;
    }

    /** Shows [from, to] with a little room on either side so edge bars are not clipped. */
    void fit(long from, long to) {
        long span = Math.max(MIN_SPAN_NS, to - from);
        long margin = span / 40;
        fromNs = from - margin;
        spanNs = span + 2 * margin;
    }

    long fromNs() {
        return fromNs;
    }

    long toNs() {
        return fromNs + spanNs;
    }

    long spanNs() {
        return spanNs;
    }

    double xOf(long ns) {
        return (ns - fromNs) * widthPx / spanNs;
    }

    long nsAt(double x) {
        return fromNs + (long) (x * spanNs / widthPx);
    }

    /** factor > 1 zooms in, keeping the instant under x where it is. */
    void zoom(double factor, double x) {
        long anchor = nsAt(x);
        long span = Math.max(MIN_SPAN_NS, (long) (spanNs / factor));
        fromNs = anchor - (long) (x / widthPx * span);
        spanNs = span;
    }

    /** Drag by dx pixels: the content follows the mouse. */
    void pan(double dxPx) {
        fromNs -= (long) (dxPx * spanNs / widthPx);
    }

    void centreOn(long ns) {
        fromNs = ns - spanNs / 2;
    }

    /** A round step (1, 2 or 5 × 10^k ns) giving ticks at least minGapPx apart. */
    long tickStep(double minGapPx) {
        double nsPerPx = spanNs / widthPx;
        double wanted = nsPerPx * minGapPx;
        long magnitude = 1;
        while (true) {
            for (long m : STEP_MANTISSAS) {
                long step = m * magnitude;
                if (step >= wanted) {
                    return step;
                }
            }
            if (magnitude > Long.MAX_VALUE / 100) {
                return magnitude * 10;
            }
            magnitude *= 10;
        }
    }

    /** Tick instants inside the view, multiples of the step. */
    List<Long> ticks(long step) {
        List<Long> out = new ArrayList<>();
        long first = Math.floorDiv(fromNs, step) * step;
        if (first < fromNs) {
            first += step;
        }
        for (long t = first; t <= toNs() && out.size() < 200; t += step) {
            out.add(t);
        }
        return out;
    }
}
