package dev.nightjar.desktop.ui.requests;

import dev.nightjar.desktop.requests.Log2Histogram;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.CanvasChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A log2 latency histogram as bars, one per bucket from the fastest to the slowest non-empty
 * one, with the buckets' lower bounds along the bottom and p50/p90/p99 above. Mid-grey ink
 * reads on both themes; redraws on resize.
 */
final class LatencyChart extends CanvasChart {

    private static final double HEIGHT = 130;
    private static final double TOP = 22;
    private static final double BOTTOM = 20;
    private static final double SIDE = 8;
    private static final Color BAR = Color.web("#1c7ed6");

    private Log2Histogram histogram = new Log2Histogram();
    /** The texts as last drawn (a canvas keeps no text a test could read): the percentiles line, then the axis. */
    private List<String> labels = List.of();

    LatencyChart() {
        super("requests-latency-chart", HEIGHT, 360);
    }

    void show(Log2Histogram h) {
        histogram = h;
        redraw();
    }

    List<String> labels() {
        return labels;
    }

    /** "p50 1.6 ms · p90 14.0 ms · p99 241.6 ms", or what to say without data. */
    static String percentiles(Log2Histogram h) {
        if (h.total() == 0) {
            return "No request stats in this window";
        }
        return String.format(Locale.ROOT, "p50 %s · p90 %s · p99 %s · %,d requests",
                Units.duration((long) h.percentileNs(0.5)), Units.duration((long) h.percentileNs(0.9)),
                Units.duration((long) h.percentileNs(0.99)), h.total());
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        List<String> drawn = new ArrayList<>();
        g.setFont(FONT);
        g.setFill(INK);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        String top = percentiles(histogram);
        g.fillText(top, SIDE, 2);
        drawn.add(top);
        labels = drawn;
        int first = -1;
        int last = -1;
        for (int i = 0; i < Log2Histogram.BUCKETS; i++) {
            if (histogram.count(i) > 0) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        double plotW = w - 2 * SIDE;
        double plotH = h - TOP - BOTTOM;
        if (first < 0 || plotW <= 0 || plotH <= 0) {
            return;
        }
        // At least eight buckets wide, so one bucket is not a wall.
        last = Math.min(Log2Histogram.BUCKETS - 1, Math.max(last, first + 7));
        int n = last - first + 1;
        long max = 0;
        for (int i = first; i <= last; i++) {
            max = Math.max(max, histogram.count(i));
        }
        double barW = plotW / n;
        g.setFill(BAR);
        for (int i = first; i <= last; i++) {
            double barH = plotH * histogram.count(i) / max;
            if (barH > 0) {
                g.fillRect(SIDE + (i - first) * barW, TOP + plotH - barH, Math.max(1, barW - 2), Math.max(1, barH));
            }
        }
        g.setFill(INK);
        g.setStroke(INK);
        g.strokeLine(SIDE, TOP + plotH + 0.5, SIDE + plotW, TOP + plotH + 0.5);
        String from = Units.duration((long) Log2Histogram.lowerNs(first));
        String to = Units.duration((long) Log2Histogram.lowerNs(last + 1));
        g.fillText(from, SIDE, TOP + plotH + 3);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(to, SIDE + plotW, TOP + plotH + 3);
        drawn.add(from);
        drawn.add(to);
        labels = drawn;
    }
}
