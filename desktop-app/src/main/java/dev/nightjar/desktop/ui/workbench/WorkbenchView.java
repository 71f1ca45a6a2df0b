package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.ui.drops.DropsView;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.ui.flows.FlowsView;
import dev.nightjar.desktop.ui.requests.RequestsView;
import dev.nightjar.desktop.ui.security.SecurityView;
import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.ui.servicemap.ServiceMapView;
import dev.nightjar.desktop.ui.overview.OverviewView;
import dev.nightjar.desktop.ui.syscalls.SyscallsView;
import dev.nightjar.desktop.ui.profile.FlameGraphView;
import dev.nightjar.desktop.drops.DropTuple;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.targets.Traceable;
import dev.nightjar.desktop.ui.page.TraceActions;
import dev.nightjar.desktop.ui.page.TraceMenus;
import dev.nightjar.desktop.ui.targets.TargetPicker;
import dev.nightjar.desktop.ui.targets.TargetPickerModel;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * An open capture: session bar on top (source, state, rate, losses, Export, Stop, Close; the
 * connection's trouble on a line of its own; an offline banner for bundles), page navigation
 * on the left, the page in the middle. Keyboard: see {@link Shortcuts}.
 */
public final class WorkbenchView extends BorderPane {

    private final WorkbenchViewModel vm;
    private final Map<WorkbenchPage, Node> pages = new EnumMap<>(WorkbenchPage.class);
    private final Timeline ticker;
    private VBox top;

    public WorkbenchView(WorkbenchViewModel vm, Runnable export, Runnable stop) {
        this(vm, export, stop, () -> { });
    }

    /**
     * @param close back to the start screen (the shell stops a live session first)
     */
    public WorkbenchView(WorkbenchViewModel vm, Runnable export, Runnable stop, Runnable close) {
        this.vm = vm;
        getStyleClass().add("workbench");
        pages.put(WorkbenchPage.OVERVIEW, new OverviewView(vm.overview()));
        FlowsView flows = new FlowsView(vm.flows());
        DropsView drops = new DropsView(vm.drops());
        pages.put(WorkbenchPage.FLOWS, flows);
        pages.put(WorkbenchPage.DROPS, drops);
        // What is traced, and the picker to change it, above the Syscalls page while that can be chosen.
        pages.put(WorkbenchPage.SYSCALLS, new TargetPicker(new SyscallsView(vm.syscalls()),
                new TargetPickerModel(vm.traceActions(), vm.targetsProperty(), vm.retargetableProperty()),
                vm.targetDoneProperty(), vm.targetProblemProperty()));
        pages.put(WorkbenchPage.FLAME_GRAPH, new FlameGraphView(vm.flameGraph()));
        RequestsView requests = new RequestsView(vm.requests());
        pages.put(WorkbenchPage.REQUESTS, requests);
        SecurityView security = new SecurityView(vm.security());
        pages.put(WorkbenchPage.SECURITY, security);
        pages.put(WorkbenchPage.SERVICE_MAP, new ServiceMapView(vm.serviceMap()));

        offerTracing(vm.traceActions(), flows.table(), drops.endpoints(), requests.table());
        // A security event names its process and, in a container the cluster names, its pod.
        TraceMenus.install(security.table(), vm.traceActions(),
                (SecurityRow row) -> List.of(TaskChoice.process(row.node(), row.pid(), row.comm())),
                row -> row.pod().contains("/") ? List.of(row.pod()) : List.of());

        setTop(sessionBar(export, stop, close));
        setLeft(navigation());
        setCenter(pages.get(vm.pageProperty().get()));
        vm.pageProperty().addListener((obs, old, page) -> setCenter(pages.get(page)));

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick(System.nanoTime())));
        ticker.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                Shortcuts.remove(old);
            }
            if (scene != null) {
                ticker.play();
                Shortcuts.install(scene, vm, this::focusSearch);
            } else {
                ticker.stop();
            }
        });
    }

    /**
     * "Trace syscalls of …" and "Profile only …" on the rows that name a process or a pod: a flow
     * names its client and server processes and both ends' pods, a dropped packet's endpoints their pods.
     */
    private static void offerTracing(TraceActions actions, TableView<FlowRow> flows, TableView<DropTuple> drops,
                                     TableView<RequestRow> requests) {
        TraceMenus.install(flows, actions,
                row -> Traceable.of(row).processes(),
                row -> Traceable.of(row).pods());
        TraceMenus.install(drops, actions,
                row -> List.of(), row -> List.of(Traceable.podOf(row.source()), Traceable.podOf(row.destination())));
        // A request names its connection's processes and pods, as its flow does.
        TraceMenus.install(requests, actions,
                row -> Traceable.of(row.asFlow()).processes(),
                row -> Traceable.of(row.asFlow()).pods());
    }

    /** Ctrl+F: the cursor into the shown page's filter or search box, if it has one. */
    void focusSearch() {
        Node box = pages.get(vm.pageProperty().get()).lookup("." + SearchBoxes.STYLE_CLASS);
        if (box instanceof TextInputControl input) {
            SearchBoxes.focus(input);
        }
    }

    private VBox sessionBar(Runnable export, Runnable stop, Runnable close) {
        CaptureSource source = vm.source();
        FontIcon stateIcon = new FontIcon(source.live() ? "mdi2r-record-circle" : "mdi2a-archive-outline");
        Label title = new Label(source.title(), stateIcon);
        title.setId("session-title");
        title.getStyleClass().add("session-title");
        title.setMinWidth(80);
        title.setTooltip(new Tooltip(source.title()));
        Label state = new Label();
        state.setId("session-state");
        state.setMinWidth(Region.USE_PREF_SIZE);
        Runnable showState = () -> {
            ConnectionState now = vm.stateProperty().get();
            state.setText(now.badge());
            state.getStyleClass().setAll("label", now.styleClass());
        };
        showState.run();
        vm.stateProperty().addListener((obs, old, now) -> showState.run());
        Label rate = new Label();
        rate.setId("session-rate");
        rate.setMinWidth(Region.USE_PREF_SIZE);
        rate.textProperty().bind(vm.rateProperty());
        Label lost = new Label();
        lost.setId("session-lost");
        lost.setMinWidth(60);
        lost.textProperty().bind(vm.lostProperty());
        Tooltip lostTip = new Tooltip();
        lostTip.textProperty().bind(vm.lostProperty());
        lost.setTooltip(lostTip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button exportButton = barButton("session-export", "Export…", "mdi2c-content-save-outline",
                "Save this capture as a bundle, or its flows and profiles for other tools");
        exportButton.setOnAction(e -> export.run());
        HBox bar = new HBox(12, title, state, spacer, rate, lost, exportButton);
        if (vm.isLive()) {
            Button stopButton = barButton("session-stop", "Stop", "mdi2s-stop-circle-outline",
                    "Stop capturing (removes the sensors of a cluster session); what was captured stays open");
            stopButton.setOnAction(e -> {
                stop.run();
                stopButton.setDisable(true);
                addTimeSlider(top);
                vm.markStopped();
            });
            bar.getChildren().add(stopButton);
        }
        Button closeButton = barButton("session-close", "Close", "mdi2c-close",
                "Close this capture and go back to the start screen (a live session is stopped first)");
        closeButton.setOnAction(e -> close.run());
        bar.getChildren().add(closeButton);
        bar.getStyleClass().add("session-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));

        // What the connection is doing, on a line of its own: a long error wraps here instead of
        // squeezing the title and the buttons. Hidden while everything streams.
        Label connection = new Label();
        connection.setId("session-connection");
        connection.getStyleClass().add("session-connection");
        connection.setWrapText(true);
        connection.setMaxWidth(Double.MAX_VALUE);
        connection.setPadding(new Insets(2, 10, 4, 10));
        connection.textProperty().bind(vm.connectionProperty());
        connection.visibleProperty().bind(vm.connectionProperty().isNotEmpty()
                .and(vm.stateProperty().isNotEqualTo(ConnectionState.LIVE)));
        connection.managedProperty().bind(connection.visibleProperty());

        top = new VBox(bar, connection);
        if (!source.banner().isEmpty()) {
            Label banner = new Label(source.banner(), new FontIcon("mdi2i-information-outline"));
            banner.setId("offline-banner");
            banner.getStyleClass().add("offline-banner");
            banner.setMaxWidth(Double.MAX_VALUE);
            banner.setWrapText(true);
            top.getChildren().add(banner);
        }
        if (!source.live()) {
            addTimeSlider(top);
        }
        return top;
    }

    private static Button barButton(String id, String text, String icon, String tooltip) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip(tooltip));
        return button;
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
            button.setTooltip(new Tooltip(page.title() + " (Ctrl+" + page.digit() + ")"));
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
