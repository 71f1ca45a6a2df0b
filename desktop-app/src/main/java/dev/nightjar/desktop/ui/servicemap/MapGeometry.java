package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapLayouter;
import dev.nightjar.desktop.servicemap.MapNode;

/**
 * How big the view draws boxes and labels, estimated from the text's length at the stylesheet's
 * 12px font: what the view model lays out with until its view hands it {@link MeasuredSizes}
 * (and in view-model tests, which run without JavaFX's toolkit). A
 * label's size does not depend on its figures, which change every refresh: it is as wide as the
 * widest headline, so the layout changes only when the map's shape does.
 */
final class MapGeometry implements MapLayouter.Sizes {

    static final MapGeometry DEFAULT = new MapGeometry();

    /** Average advance of the 12px UI font, generous so names are not cut. */
    static final double CHAR_WIDTH = 7.0;
    static final double LINE_HEIGHT = 16;
    static final double NODE_PADDING = 20;
    static final double NODE_HEIGHT = 2 * LINE_HEIGHT + 12;
    /** "PostgreSQL 99.9k/s · 100% err · p99 999.9 ms" and the padding around it. */
    static final double LABEL_WIDTH = 46 * CHAR_WIDTH + 8;

    @Override
    public MapLayout.Box node(MapNode node) {
        // Room for the second line's figures at their widest ("12,345,678 requests"), which change
        // without the layout being redone.
        int chars = Math.max(node.id().length(), node.isOther() ? 40 : 20);
        return new MapLayout.Box(0, 0, Math.max(110, NODE_PADDING + CHAR_WIDTH * chars), NODE_HEIGHT);
    }

    @Override
    public MapLayout.Box label(MapEdge edge) {
        return new MapLayout.Box(0, 0, LABEL_WIDTH, (edge.hasTroubles() ? 2 : 1) * LINE_HEIGHT + 4);
    }
}
