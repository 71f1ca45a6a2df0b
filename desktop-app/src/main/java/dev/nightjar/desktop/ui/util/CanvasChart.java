package dev.nightjar.desktop.ui.util;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * A chart drawn on a canvas that fills the region: redrawn when the region is resized and
 * when the subclass has new data ({@link #redraw()}). Mid-grey ink reads on both themes.
 */
public abstract class CanvasChart extends Region {

    protected static final Color INK = Color.gray(0.5);
    protected static final Font FONT = Font.font(11);

    private final Canvas canvas = new Canvas();

    protected CanvasChart(String id, double height, double prefWidth) {
        setId(id);
        getChildren().add(canvas);
        setMinHeight(height);
        setPrefHeight(height);
        setPrefWidth(prefWidth);
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            redraw();
        }
    }

    /** Clears the canvas and draws the chart again. */
    protected final void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        draw(g, canvas.getWidth(), canvas.getHeight());
    }

    /** Draws onto a cleared canvas of {@code w} × {@code h}. */
    protected abstract void draw(GraphicsContext g, double w, double h);
}
