package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapNode;
import dev.nightjar.desktop.servicemap.ServiceMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;

/**
 * The map drawn where its layout says: boxes for workloads, lines with arrowheads for edges, each
 * edge's figures on its label, all coloured by health (style classes {@code health-ok},
 * {@code health-degraded}, {@code health-failing}). A new layout redraws everything; new figures
 * on the same layout only change texts and classes. Clicking an edge's line or label calls back.
 */
final class MapDrawing extends Pane {

    static final String EDGE_LABEL = "map-edge-label";
    private static final double ARROW = 8;

    private final Consumer<MapEdge> clicked;
    private final Map<String, Label> labels = new HashMap<>();
    private final Map<String, List<Node>> lines = new HashMap<>();
    private final Map<String, Label> details = new HashMap<>();
    private final Map<String, VBox> boxes = new HashMap<>();
    private final Map<String, MapEdge> shown = new HashMap<>();
    private MapLayout drawn;

    MapDrawing(Consumer<MapEdge> clicked) {
        this.clicked = clicked;
        getStyleClass().add("map-drawing");
    }

    void show(ServiceMap map, MapLayout layout) {
        if (layout != drawn) {
            redraw(map, layout);
        }
        shown.clear();
        for (MapEdge e : map.edges()) {
            shown.put(e.key(), e);
            Label label = labels.get(e.key());
            if (label != null) {
                label.setText(EdgeText.label(e));
                health(label, e.health());
                lines.get(e.key()).forEach(n -> health(n, e.health()));
            }
        }
        for (MapNode n : map.nodes()) {
            if (boxes.containsKey(n.id())) {
                details.get(n.id()).setText(EdgeText.nodeDetail(n));
                health(boxes.get(n.id()), n.health());
            }
        }
    }

    private void redraw(ServiceMap map, MapLayout layout) {
        drawn = layout;
        getChildren().clear();
        labels.clear();
        lines.clear();
        details.clear();
        boxes.clear();
        setPrefSize(layout.width(), layout.height());
        setMinSize(layout.width(), layout.height());
        for (MapEdge e : map.edges()) {
            MapLayout.Route route = layout.edges().get(e.key());
            if (route != null) {
                drawEdge(e.key(), route);
            }
        }
        for (MapNode n : map.nodes()) {
            MapLayout.Box box = layout.nodes().get(n.id());
            if (box != null) {
                drawNode(n, box);
            }
        }
        // Labels last: on top of lines and boxes.
        for (MapEdge e : map.edges()) {
            MapLayout.Route route = layout.edges().get(e.key());
            if (route != null) {
                drawLabel(e.key(), route.label());
            }
        }
    }

    private void drawEdge(String key, MapLayout.Route route) {
        double[] xy = new double[route.points().size() * 2];
        for (int i = 0; i < route.points().size(); i++) {
            xy[2 * i] = route.points().get(i).x();
            xy[2 * i + 1] = route.points().get(i).y();
        }
        Polyline line = new Polyline(xy);
        line.getStyleClass().add("map-edge");
        line.setMouseTransparent(true);
        // A wide invisible twin takes the clicks a thin line would miss.
        Polyline hit = new Polyline(xy);
        hit.getStyleClass().add("map-edge-hit");
        clickable(hit, key);
        Polygon arrow = arrow(route.points());
        arrow.getStyleClass().add("map-arrow");
        arrow.setMouseTransparent(true);
        getChildren().addAll(hit, line, arrow);
        lines.put(key, List.of(line, arrow));
    }

    /** A head at the last point, along the last segment. */
    private static Polygon arrow(List<MapLayout.Point> points) {
        MapLayout.Point tip = points.getLast();
        MapLayout.Point from = points.get(points.size() - 2);
        double angle = Math.atan2(tip.y() - from.y(), tip.x() - from.x());
        double back = angle + Math.PI;
        return new Polygon(tip.x(), tip.y(),
                tip.x() + ARROW * Math.cos(back - 0.4), tip.y() + ARROW * Math.sin(back - 0.4),
                tip.x() + ARROW * Math.cos(back + 0.4), tip.y() + ARROW * Math.sin(back + 0.4));
    }

    private void drawNode(MapNode n, MapLayout.Box box) {
        Label name = new Label(n.isOther() ? "other" : n.id());
        name.getStyleClass().add("map-node-name");
        Label detail = new Label(EdgeText.nodeDetail(n));
        detail.getStyleClass().add("map-node-detail");
        VBox v = new VBox(0, name, detail);
        v.getStyleClass().add("map-node");
        if (n.isOther()) {
            v.getStyleClass().add("map-node-other");
        }
        v.resizeRelocate(box.x(), box.y(), box.width(), box.height());
        v.setPrefSize(box.width(), box.height());
        v.setUserData(n.id());
        Tooltip.install(v, new Tooltip(n.id()));
        getChildren().add(v);
        boxes.put(n.id(), v);
        details.put(n.id(), detail);
    }

    private void drawLabel(String key, MapLayout.Box box) {
        Label label = new Label();
        label.getStyleClass().add(EDGE_LABEL);
        label.setUserData(key);
        // Where ELK put it; as wide as its text (the layout's box is as wide as the widest text).
        label.relocate(box.x(), box.y());
        label.setMaxWidth(box.width());
        clickable(label, key);
        Tooltip tip = new Tooltip(key + "\nClick: these requests on the Requests page");
        label.setTooltip(tip);
        getChildren().add(label);
        labels.put(key, label);
    }

    private void clickable(Node node, String key) {
        node.setCursor(Cursor.HAND);
        node.setOnMouseClicked(e -> {
            MapEdge edge = shown.get(key);
            if (edge != null) {
                clicked.accept(edge);
            }
        });
    }

    private static void health(Node node, Health health) {
        node.getStyleClass().removeAll("health-ok", "health-degraded", "health-failing");
        node.getStyleClass().add("health-" + health.name().toLowerCase(Locale.ROOT));
    }

    /** The label drawn for an edge (for tests and the view's lookups); null when not drawn. */
    Label label(String edgeKey) {
        return labels.get(edgeKey);
    }

    @Override
    protected void layoutChildren() {
        // Children stay where the layout put them; boxes at their pref size (the layout's), labels at their text's.
        getChildren().forEach(Node::autosize);
    }
}
