package dev.nightjar.desktop.servicemap;

import java.util.List;
import java.util.Map;

/**
 * Where the map's boxes, lines and edge labels go, in pixels from the top left.
 *
 * @param nodes  by {@link MapNode#id()}
 * @param edges  by {@link MapEdge#key()}
 * @param width  of the whole drawing
 * @param height of the whole drawing
 */
public record MapLayout(Map<String, Box> nodes, Map<String, Route> edges, double width, double height) {

    public static final MapLayout EMPTY = new MapLayout(Map.of(), Map.of(), 0, 0);

    public MapLayout {
        nodes = Map.copyOf(nodes);
        edges = Map.copyOf(edges);
    }

    public record Box(double x, double y, double width, double height) {

        public boolean overlaps(Box o) {
            return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
        }
    }

    public record Point(double x, double y) {
    }

    /** A line from client to server through its bend points, and its label's box. */
    public record Route(List<Point> points, Box label) {

        public Route {
            points = List.copyOf(points);
        }
    }
}
