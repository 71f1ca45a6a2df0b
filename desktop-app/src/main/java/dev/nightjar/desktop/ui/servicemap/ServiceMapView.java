package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.Health;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Service map page: a bar saying what is drawn, with the health legend and Pause; the map
 * below, scrollable, clients left of the servers they call. Clicking an edge shows its requests.
 */
public final class ServiceMapView extends BorderPane {

    private final MapDrawing drawing;

    public ServiceMapView(ServiceMapViewModel vm) {
        getStyleClass().add("service-map");
        Label summary = new Label();
        summary.setId("service-map-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("service-map-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        HBox bar = new HBox(10, summary, spacer, legend(Health.OK, "ok", "under "
                        + fmt(Health.DEGRADED_ERROR_PERCENT) + "% errors, p99 under " + Health.DEGRADED_P99_MS
                        + " ms, no DNS failures or drops"),
                legend(Health.DEGRADED, "degraded", fmt(Health.DEGRADED_ERROR_PERCENT) + "% errors or more, p99 "
                        + Health.DEGRADED_P99_MS + " ms or more, DNS failures or dropped packets; or failures among"
                        + " sampled requests of an edge without stats"),
                legend(Health.FAILING, "failing", fmt(Health.FAILING_ERROR_PERCENT) + "% errors or more"),
                pause);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        setTop(bar);

        drawing = new MapDrawing(vm::showRequests);
        drawing.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(drawing);
        scroll.setId("service-map-scroll");
        scroll.setPannable(true);
        scroll.getStyleClass().add("map-scroll");
        Label empty = new Label();
        empty.setId("service-map-empty");
        empty.setWrapText(true);
        empty.setMaxWidth(560);
        empty.getStyleClass().add("map-empty");
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.visibleProperty().bind(Bindings.isNotEmpty(vm.emptyTextProperty()));
        setCenter(new StackPane(scroll, empty));

        drawing.show(vm.mapProperty().get(), vm.layoutProperty().get());
        vm.mapProperty().addListener((obs, old, map) -> drawing.show(map, vm.layoutProperty().get()));
    }

    private static Label legend(Health health, String text, String meaning) {
        Label label = new Label(text);
        label.getStyleClass().addAll("map-legend", "health-" + health.name().toLowerCase(java.util.Locale.ROOT));
        label.setTooltip(new Tooltip(text + ": " + meaning));
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static String fmt(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }

    /** The label of an edge (by {@code MapEdge.key()}); null when the map does not draw it. */
    public Label edgeLabel(String edgeKey) {
        return drawing.label(edgeKey);
    }
}
