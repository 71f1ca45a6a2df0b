package dev.nightjar.desktop.ui.syscalls;

import dev.nightjar.desktop.syscalls.GroupKind;
import dev.nightjar.desktop.syscalls.ProcessGroup;
import dev.nightjar.desktop.syscalls.ProcessLane;
import dev.nightjar.desktop.syscalls.SyscallTimeline;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.ui.format.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The timeline: one row per process under a header per pod, spans as bars on a time axis.
 * Mouse wheel or +/- zooms around the pointer, dragging pans, hovering names the span. Every
 * bar is at least one pixel wide, so a short span stays visible at any zoom. Colours of text
 * and grid follow the theme's background (set in CSS on {@code .syscall-timeline}).
 */
final class TimelinePane extends Region {

    static final double AXIS_HEIGHT = 24;
    static final double LABEL_WIDTH = 190;
    static final double ROW_HEIGHT = 18;
    static final double HEADER_HEIGHT = 20;
    private static final Font FONT = Font.font(11);
    private static final Font HEADER_FONT = Font.font(null, javafx.scene.text.FontWeight.BOLD, 11);

    /** A drawn row: a group header (lane null) or a process lane, at a y inside the content. */
    private record Row(ProcessGroup group, ProcessLane lane, double y, double height) {
    }

    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final Label tooltip = new Label();
    private final TimelineViewport viewport = new TimelineViewport();
    private SyscallTimeline timeline = SyscallTimeline.EMPTY;
    private List<Row> rows = List.of();
    private double contentHeight;
    /** True once the user zoomed or panned: new data then no longer refits the view. */
    private boolean userMoved;
    private double dragX = Double.NaN;
    private TimelineSpan highlighted;
    private final javafx.beans.property.StringProperty emptyText =
            new javafx.beans.property.SimpleStringProperty("No slow syscalls in this window.");
    private java.util.function.Consumer<TimelineSpan> onSpanClicked = span -> { };

    TimelinePane() {
        getStyleClass().add("syscall-timeline");
        setId("syscall-timeline");
        setFocusTraversable(true);
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener((obs, o, n) -> draw());
        tooltip.getStyleClass().add("timeline-tooltip");
        tooltip.setId("syscall-tooltip");
        tooltip.setManaged(false);
        tooltip.setVisible(false);
        tooltip.setMouseTransparent(true);
        getChildren().addAll(canvas, scroll, tooltip);
        setMinHeight(120);
        setPrefHeight(320);
        backgroundProperty().addListener((obs, o, n) -> draw());

        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.isShiftDown() || e.isControlDown()) {
                scroll.setValue(clamp(scroll.getValue() - e.getDeltaY(), 0, scroll.getMax()));
            } else if (e.getDeltaY() != 0 && e.getX() > LABEL_WIDTH) {
                zoom(Math.pow(1.25, e.getDeltaY() / 40.0), e.getX() - LABEL_WIDTH);
            }
            e.consume();
        });
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            dragX = e.getX();
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (!Double.isNaN(dragX)) {
                viewport.pan(e.getX() - dragX);
                dragX = e.getX();
                userMoved = true;
                draw();
            }
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragX = Double.NaN);
        // A click (not the end of a drag) on a bar selects that span.
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.isStillSincePress()) {
                spanAt(e.getX(), e.getY()).ifPresent(onSpanClicked);
            }
        });
        emptyText.addListener((obs, o, n) -> draw());
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> tooltip.setVisible(false));
        setOnKeyPressed(e -> {
            KeyCode code = e.getCode();
            if (code == KeyCode.PLUS || code == KeyCode.EQUALS || code == KeyCode.ADD) {
                zoom(2, viewport.width() / 2);
                e.consume();
            } else if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
                zoom(0.5, viewport.width() / 2);
                e.consume();
            } else if (code == KeyCode.DIGIT0 || code == KeyCode.NUMPAD0) {
                fit();
                e.consume();
            }
        });
    }

    void show(SyscallTimeline next) {
        timeline = next;
        rows = layoutRows(next);
        contentHeight = rows.isEmpty() ? 0 : rows.getLast().y() + rows.getLast().height();
        if (!userMoved) {
            fitData();
        }
        requestLayout();
        draw();
    }

    /** Back to the whole window's data; new data refits again. */
    void fit() {
        userMoved = false;
        fitData();
        draw();
    }

    void zoom(double factor, double plotX) {
        viewport.zoom(factor, plotX);
        userMoved = true;
        draw();
    }

    /** Centres on a span, zooming in so it is easy to see, and outlines it. */
    void centreOn(TimelineSpan span) {
        if (span == null) {
            return;
        }
        highlighted = span;
        long wanted = Math.max(span.durationNs() * 20, TimelineViewport.MIN_SPAN_NS);
        if (viewport.spanNs() > wanted) {
            viewport.fit(span.startNs(), span.startNs() + wanted);
        }
        viewport.centreOn(span.startNs() + span.durationNs() / 2);
        userMoved = true;
        rows.stream().filter(r -> r.lane() != null && r.lane().spans().contains(span)).findFirst().ifPresent(r -> {
            double plotHeight = getHeight() - AXIS_HEIGHT;
            scroll.setValue(clamp(r.y() - plotHeight / 2, 0, scroll.getMax()));
        });
        draw();
    }

    TimelineViewport viewport() {
        return viewport;
    }

    /** What the empty timeline says, e.g. how to choose what to trace. */
    javafx.beans.property.StringProperty emptyTextProperty() {
        return emptyText;
    }

    /** Told when the user clicks a span's bar. */
    void setOnSpanClicked(java.util.function.Consumer<TimelineSpan> action) {
        this.onSpanClicked = java.util.Objects.requireNonNull(action, "action");
    }

    private void fitData() {
        if (timeline.spanCount() > 0) {
            viewport.fit(timeline.startNs(), timeline.endNs());
        }
    }

    private static List<Row> layoutRows(SyscallTimeline t) {
        List<Row> out = new ArrayList<>();
        double y = 0;
        for (ProcessGroup g : t.groups()) {
            out.add(new Row(g, null, y, HEADER_HEIGHT));
            y += HEADER_HEIGHT;
            for (ProcessLane lane : g.lanes()) {
                out.add(new Row(g, lane, y, ROW_HEIGHT));
                y += ROW_HEIGHT;
            }
        }
        return out;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double plotHeight = Math.max(0, h - AXIS_HEIGHT);
        boolean needsScroll = contentHeight > plotHeight;
        double scrollWidth = needsScroll ? scroll.prefWidth(-1) : 0;
        scroll.setVisible(needsScroll);
        scroll.resizeRelocate(w - scrollWidth, AXIS_HEIGHT, scrollWidth, plotHeight);
        scroll.setMax(Math.max(0, contentHeight - plotHeight));
        scroll.setVisibleAmount(plotHeight);
        if (!needsScroll) {
            scroll.setValue(0);
        }
        canvas.setWidth(Math.max(1, w - scrollWidth));
        canvas.setHeight(Math.max(1, h));
        double before = viewport.width();
        viewport.setWidth(canvas.getWidth() - LABEL_WIDTH);
        if (before != viewport.width() && !userMoved) {
            fitData();
        }
        draw();
    }

    /** The colour of text and grid: light on a dark background, dark on a light one. */
    private Color ink() {
        Background bg = getBackground();
        if (bg != null && !bg.getFills().isEmpty()) {
            Paint fill = bg.getFills().getFirst().getFill();
            if (fill instanceof Color c && c.getBrightness() < 0.5) {
                return Color.web("#d9dde3");
            }
        }
        return Color.web("#2b2f36");
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        Color ink = ink();
        Color faint = ink.deriveColor(0, 1, 1, 0.12);
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);

        boolean any = timeline.spanCount() > 0;
        long step = viewport.tickStep(110);
        List<Long> ticks = any ? viewport.ticks(step) : List.of();
        // Grid first, so bars are drawn over it in their own colour.
        g.setStroke(faint);
        for (long t : ticks) {
            double x = Math.floor(LABEL_WIDTH + viewport.xOf(t)) + 0.5;
            g.strokeLine(x, AXIS_HEIGHT, x, h);
        }
        double top = AXIS_HEIGHT - scroll.getValue();
        // Rows: group headers and lanes; bars are clipped to the plot area right of the labels.
        for (Row row : rows) {
            double y = top + row.y();
            if (y + row.height() < AXIS_HEIGHT || y > h) {
                continue;
            }
            if (row.lane() == null) {
                g.setFill(ink.deriveColor(0, 1, 1, 0.08));
                g.fillRect(0, y, w, row.height());
                g.setFill(ink);
                g.setFont(HEADER_FONT);
                g.fillText(groupTitle(row.group()), 6, y + row.height() / 2);
                g.setFont(FONT);
            } else {
                g.setFill(ink);
                g.fillText(clip(row.lane().label(), 30), 16, y + row.height() / 2);
                g.setStroke(faint);
                g.strokeLine(LABEL_WIDTH, y + row.height() - 0.5, w, y + row.height() - 0.5);
                drawBars(g, row.lane(), y, w);
            }
        }
        // The axis on top, drawn last so rows scroll under it.
        g.clearRect(0, 0, w, AXIS_HEIGHT);
        g.setFill(ink.deriveColor(0, 1, 1, 0.05));
        g.fillRect(0, 0, w, AXIS_HEIGHT);
        g.setStroke(ink.deriveColor(0, 1, 1, 0.5));
        g.strokeLine(LABEL_WIDTH, AXIS_HEIGHT - 0.5, w, AXIS_HEIGHT - 0.5);
        g.strokeLine(LABEL_WIDTH - 0.5, 0, LABEL_WIDTH - 0.5, h);
        if (!any) {
            g.setFill(ink);
            g.setTextAlign(TextAlignment.CENTER);
            double y = AXIS_HEIGHT + 40;
            for (String line : wrap(emptyText.get(), Math.max(20, (int) ((w - LABEL_WIDTH - 40) / 6.5)))) {
                g.fillText(line, LABEL_WIDTH + (w - LABEL_WIDTH) / 2, y);
                y += 16;
            }
            g.setTextAlign(TextAlignment.LEFT);
            return;
        }
        g.setFill(ink);
        g.setStroke(ink.deriveColor(0, 1, 1, 0.5));
        for (long t : ticks) {
            double x = Math.floor(LABEL_WIDTH + viewport.xOf(t)) + 0.5;
            g.strokeLine(x, AXIS_HEIGHT - 5, x, AXIS_HEIGHT);
            g.fillText(tickLabel(t, step), x + 3, AXIS_HEIGHT / 2 - 2);
        }
        g.fillText("time ▸ " + Units.duration(viewport.spanNs()) + " across", 6, AXIS_HEIGHT / 2 - 2);
    }

    /**
     * A lane's bars. A lane holds up to a few thousand spans in start order, most of them
     * thinner than a pixel at the usual zoom: a bar that falls entirely inside pixels already
     * painted in this lane is skipped (it could not change what shows), so a draw costs about
     * one rectangle per pixel column, not one per span. Failed and selected spans always draw.
     */
    private void drawBars(GraphicsContext g, ProcessLane lane, double y, double w) {
        double barTop = y + 3;
        double barHeight = ROW_HEIGHT - 6;
        double paintedTo = Double.NEGATIVE_INFINITY;
        String lastSyscall = null;
        Color colour = null;
        for (TimelineSpan s : lane.spans()) {
            double x0 = LABEL_WIDTH + viewport.xOf(s.startNs());
            double x1 = LABEL_WIDTH + viewport.xOf(s.endNs());
            if (x1 < LABEL_WIDTH || x0 > w) {
                continue;
            }
            // Whole pixels: crisp edges, and a span shorter than a pixel still fills one.
            double left = Math.floor(Math.max(LABEL_WIDTH, x0));
            double width = Math.max(1, Math.ceil(Math.min(w, x1)) - left);
            boolean marked = s.failed() || s.equals(highlighted);
            if (!marked && left + width <= paintedTo) {
                continue;
            }
            if (s.syscall() != lastSyscall) {
                lastSyscall = s.syscall();
                colour = SyscallPalette.colourOf(lastSyscall);
            }
            g.setFill(colour);
            g.fillRect(left, barTop, width, barHeight);
            paintedTo = Math.max(paintedTo, left + width);
            if (s.failed()) {
                g.setStroke(SyscallPalette.ERROR);
                g.setLineWidth(1.5);
                g.strokeLine(left, barTop + barHeight, left + Math.max(width, 3), barTop + barHeight);
                g.setLineWidth(1);
            }
            if (s.equals(highlighted)) {
                g.setStroke(ink());
                g.setLineWidth(2);
                g.strokeRect(left - 2, barTop - 2, width + 4, barHeight + 4);
                g.setLineWidth(1);
            }
        }
    }

    private void hover(double x, double y) {
        Optional<TimelineSpan> span = spanAt(x, y);
        if (span.isEmpty()) {
            tooltip.setVisible(false);
            return;
        }
        tooltip.setText(describe(span.get()));
        tooltip.autosize();
        double tx = Math.min(x + 14, getWidth() - tooltip.getWidth() - 4);
        double ty = y + 18 + tooltip.getHeight() > getHeight() ? y - tooltip.getHeight() - 6 : y + 18;
        tooltip.relocate(Math.max(0, tx), Math.max(0, ty));
        tooltip.setVisible(true);
    }

    /** The span under a point of this pane; a pixel of slack either side so 1 px bars can be hit. */
    Optional<TimelineSpan> spanAt(double x, double y) {
        if (x < LABEL_WIDTH || y < AXIS_HEIGHT) {
            return Optional.empty();
        }
        double contentY = y - AXIS_HEIGHT + scroll.getValue();
        for (Row row : rows) {
            if (row.lane() != null && contentY >= row.y() && contentY < row.y() + row.height()) {
                long at = viewport.nsAt(x - LABEL_WIDTH);
                long slack = (long) Math.ceil(2 * viewport.spanNs() / viewport.width());
                TimelineSpan best = null;
                for (TimelineSpan s : row.lane().spans()) {
                    if (s.startNs() - slack <= at && at <= s.endNs() + slack
                            && (best == null || s.durationNs() > best.durationNs())) {
                        best = s;
                    }
                }
                return Optional.ofNullable(best);
            }
        }
        return Optional.empty();
    }

    /** The x (in this pane) and y of the middle of a span's bar, if it is drawn; for tests and keyboard use. */
    Optional<javafx.geometry.Point2D> pointOf(TimelineSpan span) {
        for (Row row : rows) {
            if (row.lane() != null && row.lane().spans().contains(span)) {
                double x = LABEL_WIDTH + viewport.xOf(span.startNs() + span.durationNs() / 2);
                double y = AXIS_HEIGHT - scroll.getValue() + row.y() + row.height() / 2;
                return Optional.of(new javafx.geometry.Point2D(x, y));
            }
        }
        return Optional.empty();
    }

    static String describe(TimelineSpan s) {
        StringBuilder b = new StringBuilder();
        b.append(s.syscall()).append("  ").append(Units.duration(s.durationNs()));
        b.append(s.failed() ? "  failed: " + s.errnoName() + " (" + s.returnValue() + ")"
                : "  returned " + s.returnValue());
        if (s.fd() >= 0 || !s.fdTarget().isEmpty()) {
            b.append("\nfd ").append(s.fd() >= 0 ? Integer.toString(s.fd()) : "?")
                    .append(s.fdTarget().isEmpty() ? "" : " → " + s.fdTarget());
        }
        b.append("\n").append(s.comm()).append("  pid ").append(s.pid()).append("  tid ").append(s.tid())
                .append("  on ").append(s.node());
        b.append("\nstarted ").append(Units.clock(s.startNs()));
        return b.toString();
    }

    private static String groupTitle(ProcessGroup g) {
        String kind = g.kind() == GroupKind.POD ? "pod " : "";
        return kind + g.label() + String.format(Locale.ROOT, "  · %d %s", g.lanes().size(),
                g.lanes().size() == 1 ? "process" : "processes");
    }

    private static String tickLabel(long t, long step) {
        String clock = Units.clock(t);
        if (step >= 1_000_000) {
            return clock;
        }
        return clock + String.format(Locale.ROOT, "%03d", Math.floorMod(t / 1_000, 1_000));
    }

    /** Words into lines of at most {@code width} characters (a long word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() == 0 ? "" : " ").append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
