package dev.nightjar.desktop.ui.servicemap;

import dev.nightjar.desktop.servicemap.Health;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.transform.Scale;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Service map page: a bar saying what is drawn, with the health legend and Pause; the map
 * below, scrollable and zoomable (−/+/Fit, Ctrl+scroll, Ctrl+plus/minus), clients left of the
 * servers they call. Clicking an edge shows its requests.
 */
public final class ServiceMapView extends BorderPane {

    /** One notch of Ctrl+scroll. */
    private static final double WHEEL_STEP = 1.1;
    private final MapDrawing drawing;
    private ScrollPane scroll;

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
                zoomControls(vm), pause);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        setTop(bar);

        drawing = new MapDrawing(vm::showRequests);
        drawing.setPadding(new Insets(8));
        // Scaled from its top left inside a Group, so the scroll pane scrolls over the zoomed size.
        Scale scale = new Scale();
        scale.xProperty().bind(vm.zoomProperty());
        scale.yProperty().bind(vm.zoomProperty());
        drawing.getTransforms().add(scale);
        ScrollPane scroll = new ScrollPane(new Group(drawing));
        this.scroll = scroll;
        scroll.setId("service-map-scroll");
        scroll.setPannable(true);
        scroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            // Ctrl+scroll zooms (as in browsers and drawing programs); a plain scroll scrolls.
            if (e.isShortcutDown() && e.getDeltaY() != 0) {
                vm.zoomBy(e.getDeltaY() > 0 ? WHEEL_STEP : 1 / WHEEL_STEP);
                e.consume();
            }
        });
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!e.isShortcutDown()) {
                return;
            }
            switch (e.getCode()) {
                case PLUS, EQUALS, ADD -> vm.zoomIn();
                case MINUS, SUBTRACT -> vm.zoomOut();
                default -> {
                    return;
                }
            }
            e.consume();
        });
        scroll.getStyleClass().add("map-scroll");
        Label empty = new Label();
        empty.setId("service-map-empty");
        empty.setWrapText(true);
        empty.setMaxWidth(560);
        empty.getStyleClass().add("map-empty");
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.visibleProperty().bind(Bindings.isNotEmpty(vm.emptyTextProperty()));
        setCenter(new StackPane(scroll, empty));

        vm.measureWith(new MeasuredSizes());
        drawing.show(vm.mapProperty().get(), vm.layoutProperty().get());
        vm.mapProperty().addListener((obs, old, map) -> drawing.show(map, vm.layoutProperty().get()));
    }

    /** −, the zoom in percent (click: 100 %), +, and Fit. */
    private HBox zoomControls(ServiceMapViewModel vm) {
        Button out = iconButton("service-map-zoom-out", "mdi2m-magnify-minus-outline", "Smaller (Ctrl+minus, Ctrl+scroll down)",
                vm::zoomOut);
        Button in = iconButton("service-map-zoom-in", "mdi2m-magnify-plus-outline", "Larger (Ctrl+plus, Ctrl+scroll up)",
                vm::zoomIn);
        Button percent = new Button();
        percent.setId("service-map-zoom");
        percent.textProperty().bind(Bindings.createStringBinding(() -> MapZoom.percent(vm.zoomProperty().get()),
                vm.zoomProperty()));
        percent.setTooltip(new Tooltip("Zoom; click for 100 %"));
        percent.setOnAction(e -> vm.zoomActual());
        percent.setMinWidth(Region.USE_PREF_SIZE);
        Button fit = new Button("Fit", new FontIcon("mdi2f-fit-to-page-outline"));
        fit.setId("service-map-fit");
        fit.setTooltip(new Tooltip("The whole map in the window"));
        fit.setOnAction(e -> vm.fit(scroll.getViewportBounds().getWidth(), scroll.getViewportBounds().getHeight()));
        fit.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(2, out, percent, in, fit);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static Button iconButton(String id, String icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
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
