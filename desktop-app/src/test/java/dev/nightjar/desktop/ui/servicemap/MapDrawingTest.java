package dev.nightjar.desktop.ui.servicemap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.requests.RedStats;
import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.servicemap.MapNode;
import dev.nightjar.desktop.servicemap.ServiceMap;
import dev.nightjar.testing.UiTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The map's drawing on a real stage: a new layout moves what was drawn (the same label, box and
 * lines, at their new places) and adds or removes only what changed; new figures with the same
 * health leave every style class alone (a class change makes JavaFX redo the node's CSS).
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class MapDrawingTest {

    private static final String AB = "a → b · http";
    private static final String AC = "a → c · dns";

    private MapDrawing drawing;

    @Start
    void start(Stage stage) {
        drawing = new MapDrawing(e -> { });
        stage.setScene(new Scene(drawing, 600, 400));
        stage.show();
    }

    private static MapEdge edge(String server, String protocol, long count, long errors) {
        RedStats stats = new RedStats();
        for (long i = 0; i < count; i++) {
            stats.addExchange(1_000_000L, i < errors);
        }
        return new MapEdge("a", server, protocol, stats, false, count, 0, 0, 0, "", "");
    }

    private static MapNode node(String id) {
        return new MapNode(id, 10, Health.OK, 0);
    }

    private static MapLayout.Route route(double y) {
        return new MapLayout.Route(List.of(new MapLayout.Point(110, y), new MapLayout.Point(300, y)),
                new MapLayout.Box(150, y - 18, 200, 16));
    }

    private static MapLayout.Box box(double x, double y) {
        return new MapLayout.Box(x, y, 100, 40);
    }

    @Test
    void aNewLayoutMovesWhatWasDrawnAndSameHealthTouchesNoStyleClass(FxRobot robot) {
        ServiceMap two = new ServiceMap(List.of(node("a"), node("b"), node("c")),
                List.of(edge("b", "http", 100, 0), edge("c", "dns", 50, 0)), 0, 1_000_000_000L);
        MapLayout first = new MapLayout(Map.of("a", box(10, 10), "b", box(300, 10), "c", box(300, 100)),
                Map.of(AB, route(30), AC, route(120)), 420, 160);
        robot.interact(() -> drawing.show(two, first));
        Label ab = drawing.label(AB);
        Label ac = drawing.label(AC);
        assertThat(ab.getText()).startsWith("HTTP 100/s · 0% err");
        int children = drawing.getChildren().size();

        AtomicInteger classChanges = new AtomicInteger();
        ab.getStyleClass().addListener((ListChangeListener<String>) c -> classChanges.incrementAndGet());
        ServiceMap busier = new ServiceMap(two.nodes(), List.of(edge("b", "http", 200, 0), edge("c", "dns", 50, 0)),
                0, 1_000_000_000L);
        robot.interact(() -> drawing.show(busier, first));
        assertThat(ab.getText()).startsWith("HTTP 200/s");
        // Only labels that changed are sized again, and a changed one is: as wide as its new text.
        double abWidth = ab.getWidth();
        double acWidth = ac.getWidth();
        robot.interact(() -> ab.setText("HTTP"));
        robot.interact(() -> drawing.getScene().getRoot().layout());
        assertThat(ab.getWidth()).isEqualTo(ab.prefWidth(-1)).isLessThan(abWidth);
        assertThat(ac.getWidth()).isEqualTo(acWidth).isPositive();
        assertThat(classChanges).as("still healthy: the classes stay as they are").hasValue(0);

        ServiceMap failing = new ServiceMap(two.nodes(), List.of(edge("b", "http", 200, 100), edge("c", "dns", 50, 0)),
                0, 1_000_000_000L);
        robot.interact(() -> drawing.show(failing, first));
        assertThat(ab.getStyleClass()).contains("health-failing").doesNotContain("health-ok");

        // The dns edge is gone and b moved down: the http edge's label is the same node, moved.
        ServiceMap one = new ServiceMap(List.of(node("a"), node("b")), List.of(edge("b", "http", 200, 100)), 0,
                1_000_000_000L);
        MapLayout second = new MapLayout(Map.of("a", box(10, 10), "b", box(300, 200)), Map.of(AB, route(220)), 420, 260);
        robot.interact(() -> drawing.show(one, second));
        assertThat(drawing.label(AB)).isSameAs(ab);
        assertThat(ab.getLayoutY()).isEqualTo(202);
        assertThat(drawing.label(AC)).isNull();
        assertThat(drawing.getChildren()).doesNotContain(ac);
        // one edge (hit line, line, arrow and label) and one box fewer
        assertThat(drawing.getChildren()).hasSize(children - 5);
        assertThat(drawing.getChildren().getLast()).as("labels stay on top").isInstanceOf(Label.class);
    }
}
