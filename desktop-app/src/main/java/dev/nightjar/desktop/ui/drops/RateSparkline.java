package dev.nightjar.desktop.ui.drops;

import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** A small bar chart of packets per time bucket: enough to see a burst or a steady leak. */
final class RateSparkline extends Canvas {

    RateSparkline(double width, double height) {
        super(width, height);
    }

    void show(List<Long> series) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        // Translucent grey: a faint well on the light theme and on the dark one alike.
        g.setFill(Color.gray(0.5, 0.14));
        g.fillRect(0, 0, getWidth(), getHeight());
        if (series.isEmpty()) {
            return;
        }
        long max = series.stream().mapToLong(Long::longValue).max().orElse(0);
        if (max == 0) {
            return;
        }
        double barWidth = getWidth() / series.size();
        g.setFill(Color.web("#e8590c"));
        for (int i = 0; i < series.size(); i++) {
            double h = (getHeight() - 2) * series.get(i) / max;
            g.fillRect(i * barWidth, getHeight() - h, Math.max(1, barWidth - 1), h);
        }
    }
}
