package dev.nightjar.desktop.ui.profile;

import dev.nightjar.desktop.profile.FlameLayout;
import dev.nightjar.desktop.profile.FlameMatch;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.profile.FrameCategory;
import dev.nightjar.desktop.ui.page.TraceMenus;
import dev.nightjar.desktop.ui.util.CoalescingRunLater;
import java.util.concurrent.Executor;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Draws the flame graph on a {@link Canvas}. Lays out again only when the
 * tree, the zoom or the width change; repaints when the layout, the search or
 * the layout mode change — at most once a pulse, through {@link CoalescingRunLater}.
 * The hovered frame's outline is drawn on a second, transparent canvas on top,
 * so moving the mouse never re-rasterizes the graph.
 */
public final class FlameCanvas extends Region {

    static final double ROW_HEIGHT = 18;
    /** Rough width of one character of the 11 px label font; measuring each label would cost more than drawing it. */
    private static final double CHAR_WIDTH = 6.6;
    private static final double MIN_LABEL_WIDTH = 24;

    private final FlameGraphViewModel vm;
    private final Canvas canvas = new Canvas();
    // The hover outline lives on its own transparent layer: moving the mouse redraws one rectangle, not the graph.
    private final Canvas hoverLayer = new Canvas();
    private final Label tooltip = new Label();
    private FlameColors colors = new FlameColors();
    private final Font font = Font.font("System", 11);
    private final CoalescingRunLater repaint;

    private FlameLayout layout;
    private boolean layoutStale = true;
    private int hovered = -1;
    private long paints;

    FlameCanvas(FlameGraphViewModel vm, Executor uiThread) {
        this.vm = vm;
        this.repaint = new CoalescingRunLater(uiThread, this::paint);
        setId("flame-canvas");
        getStyleClass().add("flame-canvas");
        tooltip.setId("flame-tooltip");
        tooltip.setManaged(false);
        tooltip.setVisible(false);
        tooltip.setMouseTransparent(true);
        // Styled by the theme (.timeline-tooltip, as the Syscalls timeline's): readable on light and dark.
        tooltip.getStyleClass().add("timeline-tooltip");
        hoverLayer.setMouseTransparent(true);
        getChildren().addAll(canvas, hoverLayer, tooltip);

        vm.treeProperty().addListener((obs, old, now) -> relayout());
        vm.focusProperty().addListener((obs, old, now) -> relayout());
        vm.matchProperty().addListener((obs, old, now) -> repaint.request());
        vm.layoutModeProperty().addListener((obs, old, now) -> repaint.request());
        // The theme sets the background (CSS on .flame-canvas): unmatched frames fade towards it.
        backgroundProperty().addListener((obs, old, now) -> {
            colors = new FlameColors(backgroundColour());
            repaint.request();
        });
        widthProperty().addListener((obs, old, now) -> relayout());
        heightProperty().addListener((obs, old, now) -> repaint.request());

        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY(), e.getScreenX(), e.getScreenY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1, -1, 0, 0));
        // Right-click a process's frame (or any frame above it): trace or profile that process.
        TraceMenus.installOn(this, vm.traceActions(), e -> vm.traceable(treeNodeAt(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                click(e.getX(), e.getY());
            }
        });
    }

    private void relayout() {
        layoutStale = true;
        hovered = -1;
        tooltip.setVisible(false);
        requestLayout();
        repaint.request();
    }

    /** The layout on screen, computed on demand. */
    public FlameLayout currentLayout() {
        if (layoutStale || layout == null) {
            FlameTree tree = vm.treeProperty().get();
            layout = FlameLayout.of(tree, vm.focusProperty().get(), getWidth(), FlameLayout.DEFAULT_MIN_WIDTH);
            layoutStale = false;
        }
        return layout;
    }

    /** Full repaints done so far; hovering does not add to them. */
    long paints() {
        return paints;
    }

    @Override
    protected double computePrefHeight(double width) {
        return (vm.treeProperty().get().maxDepth() + 1) * ROW_HEIGHT + 4;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            hoverLayer.setWidth(getWidth());
            hoverLayer.setHeight(getHeight());
            repaint.request();
        }
        tooltip.autosize();
    }

    /** The row under a canvas y coordinate, given the layout mode. */
    int rowAt(double y) {
        if (y < 0) {
            return -1;
        }
        return vm.layoutModeProperty().get() == FlameLayoutMode.FLAME
                ? (int) Math.floor((canvas.getHeight() - y) / ROW_HEIGHT)
                : (int) Math.floor(y / ROW_HEIGHT);
    }

    /** The top edge of a row on the canvas. */
    double rowTop(int row) {
        return vm.layoutModeProperty().get() == FlameLayoutMode.FLAME
                ? canvas.getHeight() - (row + 1) * ROW_HEIGHT
                : row * ROW_HEIGHT;
    }

    /** Screen point at the middle of rectangle {@code i}: where a person (or a robot) clicks. */
    public Point2D screenCenterOf(int i) {
        FlameLayout l = currentLayout();
        return canvas.localToScreen(l.x(i) + l.width(i) / 2, rowTop(l.row(i)) + ROW_HEIGHT / 2);
    }

    private int indexAt(double x, double y) {
        int row = rowAt(y);
        return row < 0 ? -1 : currentLayout().hit(x, row);
    }

    /** The tree node drawn at a canvas point; -1 for none or a "…" block. */
    int treeNodeAt(double x, double y) {
        int i = indexAt(x, y);
        return i < 0 || currentLayout().isElided(i) ? -1 : currentLayout().node(i);
    }

    private void click(double x, double y) {
        int i = indexAt(x, y);
        if (i < 0) {
            return;
        }
        FlameLayout l = currentLayout();
        vm.zoomTo(l.isElided(i) ? l.elidedParent(i) : l.node(i));
    }

    private void hover(double x, double y, double screenX, double screenY) {
        int i = x < 0 ? -1 : indexAt(x, y);
        if (i != hovered) {
            hovered = i;
            paintHover();
        }
        if (i < 0) {
            tooltip.setVisible(false);
            return;
        }
        FlameLayout l = currentLayout();
        tooltip.setText(l.isElided(i) ? vm.describeElided(l.elidedParent(i), l.width(i) / l.width())
                : vm.describe(l.node(i)));
        tooltip.autosize();
        Point2D local = screenToLocal(screenX, screenY);
        double tx = Math.min(local.getX() + 14, getWidth() - tooltip.getWidth() - 2);
        double ty = local.getY() + 18 + tooltip.getHeight() > getHeight() ? local.getY() - tooltip.getHeight() - 6 : local.getY() + 18;
        tooltip.relocate(Math.max(0, tx), Math.max(0, ty));
        tooltip.setVisible(true);
    }

    /** The hovered rectangle's tree node, -1 when none (a "…" block reports its parent negated, as the layout does). */
    int hoveredNode() {
        return hovered < 0 ? -1 : currentLayout().node(hovered);
    }

    /** The theme's canvas colour (CSS {@code -nj-canvas}), or the light default before CSS is applied. */
    private Color backgroundColour() {
        Background bg = getBackground();
        if (bg != null && !bg.getFills().isEmpty() && bg.getFills().getFirst().getFill() instanceof Color c) {
            return c;
        }
        return FlameColors.BACKGROUND;
    }

    void paint() {
        paints++;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        Color background = colors.background();
        g.setFill(background);
        g.fillRect(0, 0, width, height);
        FlameLayout l = currentLayout();
        FlameTree tree = l.tree();
        FlameMatch match = vm.matchProperty().get();
        boolean searching = !vm.searchTextProperty().get().isBlank() && vm.searchProblemProperty().get().isEmpty();
        g.setFont(font);
        for (int i = 0; i < l.count(); i++) {
            double x = l.x(i);
            double w = l.width(i);
            double y = rowTop(l.row(i));
            if (y + ROW_HEIGHT < 0 || y > height) {
                continue;
            }
            int node = l.node(i);
            String label;
            Color fill;
            if (l.isElided(i)) {
                fill = FlameColors.ELIDED;
                label = "…";
            } else if (node == FlameTree.ROOT) {
                fill = searching ? FlameColors.ROOT.interpolate(background, 0.5) : FlameColors.ROOT;
                label = FlameTree.ROOT_NAME;
            } else if (searching && match.matches(node)) {
                fill = FlameColors.MATCH;
                label = tree.name(node);
            } else {
                FrameCategory category = tree.isProcessFrame(node) ? FrameCategory.PROCESS : FrameCategory.of(tree.kind(node));
                fill = colors.fill(category, tree.nameId(node), searching);
                label = tree.name(node);
            }
            g.setFill(fill);
            // A one-pixel gap between neighbours once they are wide enough to spare it.
            g.fillRect(x, y, w > 3 ? w - 1 : w, ROW_HEIGHT - 1);
            if (w >= MIN_LABEL_WIDTH) {
                g.setFill(FlameColors.textOn(fill));
                g.fillText(fit(label, w - 6), x + 3, y + ROW_HEIGHT - 5);
            }
        }
        paintHover();
    }

    private void paintHover() {
        GraphicsContext g = hoverLayer.getGraphicsContext2D();
        g.clearRect(0, 0, hoverLayer.getWidth(), hoverLayer.getHeight());
        FlameLayout l = currentLayout();
        if (hovered >= 0 && hovered < l.count()) {
            g.setStroke(colors.dark() ? FlameColors.LIGHT_TEXT : FlameColors.HOVER);
            g.setLineWidth(1.5);
            g.strokeRect(l.x(hovered) + 0.75, rowTop(l.row(hovered)) + 0.75,
                    Math.max(1, l.width(hovered) - 2.5), ROW_HEIGHT - 2.5);
        }
    }

    private static String fit(String label, double room) {
        int chars = (int) (room / CHAR_WIDTH);
        if (label.length() <= chars) {
            return label;
        }
        return chars <= 1 ? "" : label.substring(0, chars - 1) + "…";
    }
}
