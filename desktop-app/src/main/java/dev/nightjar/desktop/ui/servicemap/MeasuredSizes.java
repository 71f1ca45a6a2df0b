package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapLayouter;
import dev.nightjar.desktop.servicemap.MapNode;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * How big the map draws boxes and labels, measured with JavaFX's own text layout in the fonts the
 * stylesheet gives them (bold 12px names, 11px details, 12px edge labels) rather than estimated from
 * the number of characters: boxes fit their names, no wider. The layout runs off the UI thread, so
 * the measuring {@link Text} is one per thread and never in a scene (JavaFX allows that on any
 * thread). A label is as wide as the widest headline (and DNS-failure and drop line, when it has
 * one), so the layout changes only with the map's shape.
 */
final class MeasuredSizes implements MapLayouter.Sizes {

    /** The node's padding (9 left and right, 4 top and bottom) and its widest border (3), both sides. */
    private static final double NODE_PAD_X = 2 * (9 + 3);
    private static final double NODE_PAD_Y = 2 * (4 + 3);
    /** The edge label's padding (4 left and right, 1 top and bottom) and a failing one's 1px frame. */
    private static final double LABEL_PAD_X = 2 * (4 + 1);
    private static final double LABEL_PAD_Y = 2 * (1 + 1);
    /** Slack for sub-pixel rounding, so the last glyph is never cut to "…". */
    private static final double SLACK = 2;

    private final Font name;
    private final Font detail;
    private final Font label;
    private final ThreadLocal<Text> text = ThreadLocal.withInitial(Text::new);
    private final double labelWidth;
    private final double troubledLabelWidth;
    private final double labelLine;
    private final double nodeHeight;
    private final double detailWidth;
    private final double otherDetailWidth;

    MeasuredSizes() {
        String family = Font.getDefault().getFamily();
        name = Font.font(family, FontWeight.BOLD, 12);
        detail = Font.font(family, 11);
        // A failing edge's label is bold (and framed): its health changes without a new layout.
        label = Font.font(family, FontWeight.BOLD, 12);
        // The widest figures a box's second line and an edge's headline show; they change without a new layout.
        detailWidth = width(EdgeText.nodeDetail(new MapNode("", 12_345_678, Health.OK, 0)), detail);
        otherDetailWidth = width(EdgeText.nodeDetail(new MapNode("", 12_345_678, Health.OK, 99_999)), detail);
        labelWidth = width("PostgreSQL 99.9k/s · 100% err · p99 999.9 ms", label) + LABEL_PAD_X + SLACK;
        troubledLabelWidth = Math.max(labelWidth,
                width("99,999 NXDOMAIN · 99,999 SERVFAIL · 99,999 packets dropped", label) + LABEL_PAD_X + SLACK);
        labelLine = height(label);
        nodeHeight = height(name) + height(detail) + NODE_PAD_Y + SLACK;
    }

    @Override
    public MapLayout.Box node(MapNode node) {
        double nameWidth = width(node.isOther() ? "other" : node.id(), name);
        double width = Math.max(nameWidth, node.isOther() ? otherDetailWidth : detailWidth) + NODE_PAD_X + SLACK;
        return new MapLayout.Box(0, 0, Math.ceil(width), Math.ceil(nodeHeight));
    }

    @Override
    public MapLayout.Box label(MapEdge edge) {
        boolean troubles = edge.hasTroubles();
        return new MapLayout.Box(0, 0, Math.ceil(troubles ? troubledLabelWidth : labelWidth),
                Math.ceil((troubles ? 2 : 1) * labelLine + LABEL_PAD_Y + SLACK));
    }

    private double width(String s, Font font) {
        Text t = text.get();
        t.setFont(font);
        t.setText(s);
        return t.getLayoutBounds().getWidth();
    }

    private double height(Font font) {
        Text t = text.get();
        t.setFont(font);
        t.setText("Ag");
        return t.getLayoutBounds().getHeight();
    }
}
