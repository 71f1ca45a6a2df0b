package dev.nightjar.desktop.ui.servicemap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.requests.RedStats;
import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapLayouter;
import dev.nightjar.desktop.servicemap.MapNode;
import dev.nightjar.desktop.servicemap.ServiceMap;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.testing.UiTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Sizes measured with JavaFX's text layout hold what the stylesheet draws: a long workload name and
 * an edge's widest figures with a DNS-failure line fit their boxes uncut, and a short name gets a
 * narrower box than a long one (the estimate gave every name of up to 20 characters the same width).
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class MeasuredSizesTest {

    private static final String LONG = "payments-prod/ledger-reconciliation-worker";
    private static final String SHORT = "web/api";

    private MapDrawing drawing;

    @Start
    void start(Stage stage) {
        drawing = new MapDrawing(e -> { });
        Scene scene = new Scene(new ScrollPane(drawing), 1200, 500);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void boxesAndLabelsHoldTheirTextAsDrawn(FxRobot robot) {
        RedStats stats = new RedStats();
        stats.addExchange(999_000_000L, true);
        // Widest figures: 99.9k/s, 100% errors; and 99,999 NXDOMAIN and SERVFAIL answers with 99,999 drops.
        MapEdge edge = new MapEdge(SHORT, LONG, "postgres", stats, false, 99_900, 99_999, 99_999, 99_999, "", "");
        ServiceMap map = new ServiceMap(List.of(new MapNode(SHORT, 12_345_678, Health.OK, 0),
                new MapNode(LONG, 12_345_678, Health.FAILING, 0)), List.of(edge), 0, 1_000_000_000L);
        AtomicReference<MapLayout> layout = new AtomicReference<>();
        robot.interact(() -> {
            MeasuredSizes sizes = new MeasuredSizes();
            layout.set(MapLayouter.layout(map, sizes));
            assertThat(sizes.node(map.nodes().get(0)).width()).as("a short name, a narrower box")
                    .isLessThan(sizes.node(map.nodes().get(1)).width());
            drawing.show(map, layout.get());
        });
        robot.interact(() -> drawing.getScene().getRoot().layout());

        Label label = drawing.label(edge.key());
        assertThat(label.getText()).contains("99.9k/s").contains("99,999 NXDOMAIN");
        assertThat(label.prefWidth(-1)).as("the label's text fits its measured width")
                .isLessThanOrEqualTo(layout.get().edges().get(edge.key()).label().width());
        assertThat(label.prefHeight(-1)).isLessThanOrEqualTo(layout.get().edges().get(edge.key()).label().height());
        for (MapNode n : map.nodes()) {
            Region box = (Region) drawing.getChildren().stream().filter(c -> n.id().equals(c.getUserData()))
                    .findFirst().orElseThrow();
            for (Node line : box.getChildrenUnmodifiable()) {
                Label text = (Label) line;
                assertThat(text.getWidth()).as(n.id() + ": '" + text.getText() + "' uncut")
                        .isGreaterThanOrEqualTo(text.prefWidth(-1));
            }
            assertThat(box.prefHeight(box.getWidth())).as(n.id() + "'s two lines fit its height")
                    .isLessThanOrEqualTo(layout.get().nodes().get(n.id()).height());
        }
    }
}
