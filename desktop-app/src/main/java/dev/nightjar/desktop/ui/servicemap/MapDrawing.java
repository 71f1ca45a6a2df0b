package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapNode;
import dev.nightjar.desktop.servicemap.ServiceMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;

/**
 * The map drawn where its layout says: boxes for workloads, lines with arrowheads for edges, each
 * edge's figures on its label, all coloured by health (style classes {@code health-ok},
 * {@code health-degraded}, {@code health-failing}). A new layout moves what is drawn, adds what is
 * new and removes what is gone; new figures on the same layout only change texts, and classes
 * when the health changed. Clicking an edge's line or label calls back.
 */
final class MapDrawing extends Pane {

    static final String EDGE_LABEL = "map-edge-label";
    private static final double ARROW = 8;
    private static final Map<Health, String> HEALTH_CLASSES = Map.of(Health.OK, "health-ok", Health.DEGRADED,
            "health-degraded", Health.FAILING, "health-failing");

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
            place(map, layout);
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

    /**
     * Puts every box, line and label where a new layout says. What was drawn before stays and
     * moves (its skin, CSS and tooltip are kept); only what is new is made, and only what is gone
     * is removed: a layout that adds one edge to a large map costs the UI thread little.
     */
    private void place(ServiceMap map, MapLayout layout) {
        drawn = layout;
        setPrefSize(layout.width(), layout.height());
        setMinSize(layout.width(), layout.height());
        Set<String> edgesNow = new HashSet<>();
        Set<String> nodesNow = new HashSet<>();
        List<Node> added = new ArrayList<>();
        List<Node> addedBoxes = new ArrayList<>();
        List<Node> addedLabels = new ArrayList<>();
        for (MapEdge e : map.edges()) {
            MapLayout.Route route = layout.edges().get(e.key());
            if (route == null) {
                continue;
            }
            edgesNow.add(e.key());
            if (lines.containsKey(e.key())) {
                moveEdge(e.key(), route);
            } else {
                added.addAll(drawEdge(e.key(), route));
                addedLabels.add(drawLabel(e.key(), route.label()));
            }
        }
        for (MapNode n : map.nodes()) {
            MapLayout.Box box = layout.nodes().get(n.id());
            if (box == null) {
                continue;
            }
            nodesNow.add(n.id());
            VBox v = boxes.get(n.id());
            if (v == null) {
                addedBoxes.add(drawNode(n, box));
            } else {
                place(v, box);
            }
        }
        List<Node> gone = new ArrayList<>();
        for (String key : List.copyOf(lines.keySet())) {
            if (!edgesNow.contains(key)) {
                gone.addAll(lines.remove(key));
                gone.add(labels.remove(key));
            }
        }
        for (String id : List.copyOf(boxes.keySet())) {
            if (!nodesNow.contains(id)) {
                gone.add(boxes.remove(id));
                details.remove(id);
            }
        }
        if (!gone.isEmpty()) {
            getChildren().removeAll(new HashSet<>(gone));
        }
        // Lines under boxes under labels: new lines go below the first box, new boxes below the first label.
        int firstBox = indexOfFirst("map-node");
        getChildren().addAll(firstBox < 0 ? getChildren().size() : firstBox, added);
        int firstLabel = indexOfFirst(EDGE_LABEL);
        getChildren().addAll(firstLabel < 0 ? getChildren().size() : firstLabel, addedBoxes);
        getChildren().addAll(addedLabels);
    }

    private int indexOfFirst(String styleClass) {
        List<Node> children = getChildren();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).getStyleClass().contains(styleClass)) {
                return i;
            }
        }
        return -1;
    }

    /** The hit line, the line and its arrowhead, to add. */
    private List<Node> drawEdge(String key, MapLayout.Route route) {
        Polyline line = new Polyline();
        line.getStyleClass().add("map-edge");
        line.setMouseTransparent(true);
        // A wide invisible twin takes the clicks a thin line would miss.
        Polyline hit = new Polyline();
        hit.getStyleClass().add("map-edge-hit");
        clickable(hit, key);
        Polygon arrow = new Polygon();
        arrow.getStyleClass().add("map-arrow");
        arrow.setMouseTransparent(true);
        lines.put(key, List.of(hit, line, arrow));
        moveEdge(key, route);
        return List.of(hit, line, arrow);
    }

    private void moveEdge(String key, MapLayout.Route route) {
        List<Double> xy = new ArrayList<>(route.points().size() * 2);
        for (MapLayout.Point p : route.points()) {
            xy.add(p.x());
            xy.add(p.y());
        }
        List<Node> parts = lines.get(key);
        ((Polyline) parts.get(0)).getPoints().setAll(xy);
        ((Polyline) parts.get(1)).getPoints().setAll(xy);
        ((Polygon) parts.get(2)).getPoints().setAll(arrow(route.points()));
        Label label = labels.get(key);
        if (label != null) {
            placeLabel(label, route.label());
        }
    }

    /** A head at the last point, along the last segment. */
    private static List<Double> arrow(List<MapLayout.Point> points) {
        MapLayout.Point tip = points.getLast();
        MapLayout.Point from = points.get(points.size() - 2);
        double angle = Math.atan2(tip.y() - from.y(), tip.x() - from.x());
        double back = angle + Math.PI;
        return List.of(tip.x(), tip.y(),
                tip.x() + ARROW * Math.cos(back - 0.4), tip.y() + ARROW * Math.sin(back - 0.4),
                tip.x() + ARROW * Math.cos(back + 0.4), tip.y() + ARROW * Math.sin(back + 0.4));
    }

    private VBox drawNode(MapNode n, MapLayout.Box box) {
        Label name = new Label(n.isOther() ? "other" : n.id());
        name.getStyleClass().add("map-node-name");
        Label detail = new Label(EdgeText.nodeDetail(n));
        detail.getStyleClass().add("map-node-detail");
        VBox v = new VBox(0, name, detail);
        v.getStyleClass().add("map-node");
        if (n.isOther()) {
            v.getStyleClass().add("map-node-other");
        }
        place(v, box);
        v.setUserData(n.id());
        Tooltip.install(v, new Tooltip(n.id()));
        boxes.put(n.id(), v);
        details.put(n.id(), detail);
        return v;
    }

    private static void place(VBox v, MapLayout.Box box) {
        v.resizeRelocate(box.x(), box.y(), box.width(), box.height());
        v.setPrefSize(box.width(), box.height());
    }

    private Label drawLabel(String key, MapLayout.Box box) {
        Label label = new Label();
        label.getStyleClass().add(EDGE_LABEL);
        label.setUserData(key);
        placeLabel(label, box);
        clickable(label, key);
        Tooltip tip = new Tooltip(key + "\nClick: these requests on the Requests page");
        label.setTooltip(tip);
        labels.put(key, label);
        return label;
    }

    /** Where ELK put it; as wide as its text (the layout's box is as wide as the widest text). */
    private static void placeLabel(Label label, MapLayout.Box box) {
        label.relocate(box.x(), box.y());
        label.setMaxWidth(box.width());
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

    /**
     * Only when the health changed: a style class change makes JavaFX rebuild the node's CSS, and
     * a refresh that set every edge's class again cost a frame tens of milliseconds on a large map.
     */
    private static void health(Node node, Health health) {
        String now = HEALTH_CLASSES.get(health);
        List<String> classes = node.getStyleClass();
        if (classes.contains(now)) {
            return;
        }
        classes.removeAll(HEALTH_CLASSES.values());
        classes.add(now);
    }

    /** The label drawn for an edge (for tests and the view's lookups); null when not drawn. */
    Label label(String edgeKey) {
        return labels.get(edgeKey);
    }

    /**
     * Children stay where the layout put them; boxes at their pref size (the layout's), labels at
     * their text's. Only those that asked for it are sized again (a new text, a new font, new on the
     * map): sizing every label measures its text, and a refresh changes a few hundred of them.
     */
    @Override
    protected void layoutChildren() {
        for (Node child : getChildren()) {
            if (child instanceof Region r && (r.isNeedsLayout() || r.getWidth() == 0)) {
                r.autosize();
            }
        }
    }
}
