package dev.nightjar.desktop.servicemap;

import java.util.List;

/**
 * What a map's layout depends on: its nodes, its edges and how many lines each edge's label
 * has. Rates and error rates change every refresh; the shape only when who calls whom does,
 * so the layout is redone only then.
 */
public record MapShape(List<String> nodes, List<String> edges) {

    public static MapShape of(ServiceMap map) {
        return new MapShape(map.nodes().stream().map(MapNode::id).sorted().toList(),
                map.edges().stream().map(e -> e.key() + (e.hasTroubles() ? " +" : "")).sorted().toList());
    }
}
