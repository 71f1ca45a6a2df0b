package dev.nightjar.desktop.servicemap;

import java.util.List;

/**
 * Who calls whom in a time window, per protocol: workloads as nodes, busiest first; edges
 * client → server. Bounded: past {@code maxWorkloads} the quietest workloads fold into one
 * {@link #OTHER} node.
 *
 * @param nodes           busiest first; the "other" node last, when there is one
 * @param edges           busiest first
 * @param foldedWorkloads workloads folded into "other" (0: none)
 * @param windowNs        the span the rates are over (the stats' intervals); 0 without stats
 */
public record ServiceMap(List<MapNode> nodes, List<MapEdge> edges, int foldedWorkloads, long windowNs) {

    /** The id of the node the quietest workloads fold into. */
    public static final String OTHER = "other";

    public static final ServiceMap EMPTY = new ServiceMap(List.of(), List.of(), 0, 0);

    public ServiceMap {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
