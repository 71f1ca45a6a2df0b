package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.ui.drops.DropsView;
import dev.nightjar.desktop.ui.flows.FlowsView;
import dev.nightjar.desktop.ui.overview.OverviewView;
import dev.nightjar.desktop.ui.syscalls.SyscallsView;
import dev.nightjar.desktop.ui.profile.FlameGraphView;
import java.util.EnumMap;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * An open capture: session bar on top (source, rate, losses; an offline banner
 * for bundles), page navigation on the left, the page in the middle.
 * Ctrl+F focuses the flow filter, Ctrl+Tab moves to the next page, Ctrl+P pauses or
 * follows the page shown (when it has a pause).
 */
public final class WorkbenchView extends BorderPane {

    private final WorkbenchViewModel vm;
    private final Map<WorkbenchPage, Node> pages = new EnumMap<>(WorkbenchPage.class);
    private final FlowsView flowsView;
    private final Timeline ticker;

    public WorkbenchView(WorkbenchViewModel vm, Runnable export, Runnable stop) {
        this.vm = vm;
        getStyleClass().add("workbench");
        flowsView = new FlowsView(vm.flows());
        pages.put(WorkbenchPage.OVERVIEW, new OverviewView(vm.overview()));
        pages.put(WorkbenchPage.FLOWS, flowsView);
        pages.put(WorkbenchPage.DROPS, new DropsView(vm.drops()));
        pages.put(WorkbenchPage.SYSCALLS, new SyscallsView(vm.syscalls()));
        pages.put(WorkbenchPage.FLAME_GRAPH, new FlameGraphView(vm.flameGraph()));

        setTop(sessionBar(export, stop));
        setLeft(navigation());
        setCenter(pages.get(vm.pageProperty().get()));
        vm.pageProperty().addListener((obs, old, page) -> setCenter(pages.get(page)));

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick(System.nanoTime())));
        ticker.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                ticker.play();
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
                    vm.pageProperty().set(WorkbenchPage.FLOWS);
                    flowsView.focusFilter();
                });
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN), vm::nextPage);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN), vm::togglePause);
            } else {
                ticker.stop();
            }
        });
    }

    private VBox top;

    private VBox sessionBar(Runnable export, Runnable stop) {
        CaptureSource source = vm.source();
        FontIcon stateIcon = new FontIcon(source.live() ? "mdi2r-record-circle" : "mdi2a-archive-outline");
        Label title = new Label(source.title(), stateIcon);
        title.setId("session-title");
        title.getStyleClass().add("session-title");
        Label state = new Label(source.live() ? "LIVE" : "OFFLINE");
        state.getStyleClass().add(source.live() ? "badge-live" : "badge-offline");
        Label rate = new Label();
        rate.setId("session-rate");
        rate.textProperty().bind(vm.rateProperty());
        Label lost = new Label();
        lost.setId("session-lost");
        lost.textProperty().bind(vm.lostProperty());
        Label connection = new Label();
        connection.setId("session-connection");
        connection.textProperty().bind(vm.connectionProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        javafx.scene.control.Button exportButton = new javafx.scene.control.Button("Export…",
                new FontIcon("mdi2c-content-save-outline"));
        exportButton.setId("session-export");
        exportButton.setOnAction(e -> export.run());
        HBox bar = new HBox(12, title, state, connection, spacer, rate, lost, exportButton);
        if (vm.isLive()) {
            javafx.scene.control.Button stopButton = new javafx.scene.control.Button("Stop", new FontIcon("mdi2s-stop-circle-outline"));
            stopButton.setId("session-stop");
            stopButton.setOnAction(e -> {
                stop.run();
                stopButton.setDisable(true);
                addTimeSlider(top);
                state.setText("STOPPED");
                state.getStyleClass().setAll("label", "badge-offline");
            });
            bar.getChildren().add(stopButton);
        }
        bar.getStyleClass().add("session-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        top = new VBox(bar);
        if (!source.banner().isEmpty()) {
            Label banner = new Label(source.banner(), new FontIcon("mdi2i-information-outline"));
            banner.setId("offline-banner");
            banner.getStyleClass().add("offline-banner");
            banner.setMaxWidth(Double.MAX_VALUE);
            top.getChildren().add(banner);
        }
        if (!source.live()) {
            addTimeSlider(top);
        }
        return top;
    }

    /** The replay bar over what the store holds (offline captures and stopped sessions). */
    private void addTimeSlider(VBox top) {
        if (top.lookup("#time-slider") != null) {
            return;
        }
        vm.store().span().ifPresent(span -> top.getChildren().add(
                new TimeSlider(new ReplayCursor(span, DEFAULT_WINDOW_NS), vm::showWindow)));
    }

    private static final long DEFAULT_WINDOW_NS = 10_000_000_000L;

    private VBox navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(2);
        nav.getStyleClass().add("navigation");
        nav.setPadding(new Insets(8, 4, 8, 4));
        for (WorkbenchPage page : WorkbenchPage.values()) {
            ToggleButton button = new ToggleButton(page.title(), new FontIcon(page.icon()));
            button.setId("nav-" + page.name().toLowerCase(java.util.Locale.ROOT));
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.setSelected(vm.pageProperty().get() == page);
            button.setOnAction(e -> {
                vm.pageProperty().set(page);
                button.setSelected(true);
            });
            vm.pageProperty().addListener((obs, old, now) -> button.setSelected(now == page));
            nav.getChildren().add(button);
        }
        return nav;
    }
}
