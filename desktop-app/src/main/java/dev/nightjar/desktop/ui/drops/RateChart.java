package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.CanvasChart;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * Packets per time bucket as bars, with axes: packets per bucket up the side (0 and the
 * tallest bar), time along the bottom (the window's start, middle and end) and the bucket
 * width. Fills the pane's width; redraws on resize. Mid-grey ink reads on both themes.
 */
final class RateChart extends CanvasChart {

    private static final double HEIGHT = 110;
    private static final double LEFT = 64;
    private static final double BOTTOM = 32;
    private static final double TOP = 8;
    private static final Color BAR = Color.web("#e8590c");

    private List<Long> series = List.of();
    /** The axes' labels as last drawn (a canvas keeps no text a test could read). */
    private List<String> axisLabels = List.of();
    private long fromNs;
    private long bucketNs;

    RateChart() {
        super("drop-rate-chart", HEIGHT, 480);
    }

    void show(List<Long> series, long fromNs, long bucketNs) {
        this.series = List.copyOf(series);
        this.fromNs = fromNs;
        this.bucketNs = bucketNs;
        redraw();
    }

    /** The tallest bar's packets: the top of the y axis. */
    long max() {
        return series.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The y axis (top, bottom), then the x axis (start, middle, end) and the bucket width. */
    List<String> axisLabels() {
        return axisLabels;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        double plotW = w - LEFT - 8;
        double plotH = h - TOP - BOTTOM;
        if (plotW <= 0 || plotH <= 0) {
            return;
        }
        g.setFill(Color.gray(0.5, 0.10));
        g.fillRect(LEFT, TOP, plotW, plotH);
        g.setStroke(INK);
        g.setLineWidth(1);
        g.strokeLine(LEFT - 0.5, TOP, LEFT - 0.5, TOP + plotH);
        g.strokeLine(LEFT, TOP + plotH + 0.5, LEFT + plotW, TOP + plotH + 0.5);
        g.setFont(FONT);
        g.setFill(INK);
        long max = max();
        List<String> labels = new java.util.ArrayList<>();
        labels.add(String.format(Locale.ROOT, "%,d", max));
        labels.add("0");
        axisLabels = labels;
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(String.format(Locale.ROOT, "%,d", max), LEFT - 6, TOP + 4);
        g.fillText("0", LEFT - 6, TOP + plotH);
        if (series.isEmpty() || bucketNs <= 0) {
            return;
        }
        g.setTextBaseline(VPos.TOP);
        long toNs = fromNs + bucketNs * series.size();
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(Units.clock(fromNs), LEFT, TOP + plotH + 4);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(Units.clock(fromNs + (toNs - fromNs) / 2), LEFT + plotW / 2, TOP + plotH + 4);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Units.clock(toNs), LEFT + plotW, TOP + plotH + 4);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("packets per " + Units.duration(bucketNs), LEFT, TOP + plotH + 17);
        labels.addAll(List.of(Units.clock(fromNs), Units.clock(fromNs + (toNs - fromNs) / 2), Units.clock(toNs),
                "packets per " + Units.duration(bucketNs)));
        if (max == 0) {
            return;
        }
        double barWidth = plotW / series.size();
        g.setFill(BAR);
        for (int i = 0; i < series.size(); i++) {
            double barH = plotH * series.get(i) / max;
            if (barH > 0) {
                g.fillRect(LEFT + i * barWidth, TOP + plotH - barH, Math.max(1, barWidth - 1), Math.max(1, barH));
            }
        }
    }
}
