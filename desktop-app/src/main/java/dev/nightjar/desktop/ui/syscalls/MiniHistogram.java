package dev.nightjar.desktop.ui.syscalls;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** A tiny bar chart of log2 latency buckets (1 µs … 1 s and the rest at the ends), drawn in a table cell. */
final class MiniHistogram extends Canvas {

    /** Buckets 10 (~1 µs) to 30 (~1 s) get a bar each; faster or slower calls pile into the end bars. */
    static final int FIRST = 10;
    static final int LAST = 30;
    /** Amber: reads on the light and dark background and on a selected (blue) row alike. */
    static final Color BAR = Color.web("#f08c00");

    MiniHistogram() {
        super(LAST - FIRST + 1, 18);
        setWidth((LAST - FIRST + 1) * 4);
    }

    void show(long[] buckets) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        if (buckets == null) {
            return;
        }
        long[] folded = new long[LAST - FIRST + 1];
        for (int i = 0; i < buckets.length; i++) {
            folded[Math.min(LAST, Math.max(FIRST, i)) - FIRST] += buckets[i];
        }
        long max = 0;
        for (long n : folded) {
            max = Math.max(max, n);
        }
        if (max == 0) {
            return;
        }
        g.setFill(BAR);
        double barWidth = getWidth() / folded.length;
        for (int i = 0; i < folded.length; i++) {
            if (folded[i] == 0) {
                continue;
            }
            // Square root so a bucket with few calls next to a crowded one is still visible.
            double h = Math.max(1, (getHeight() - 1) * Math.sqrt((double) folded[i] / max));
            g.fillRect(i * barWidth, getHeight() - h, Math.max(1, barWidth - 1), h);
        }
    }
}
