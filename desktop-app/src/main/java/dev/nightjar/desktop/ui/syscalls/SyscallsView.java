package dev.nightjar.desktop.ui.syscalls;

import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.SyscallTimeline;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.Columns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Syscalls page: a toolbar, the timeline with its legend, and below it the figures per
 * syscall and the slowest spans (a click centres the timeline on one).
 */
public final class SyscallsView extends BorderPane {

    /** Legend entries beyond this many syscalls would wrap onto too many lines on a laptop. */
    private static final int LEGEND_ENTRIES = 14;

    private final TimelinePane timelinePane = new TimelinePane();
    private final FlowPane legend = new FlowPane(10, 4);

    public SyscallsView(SyscallsViewModel vm) {
        getStyleClass().add("syscalls");
        setTop(toolbar(vm));

        legend.setId("syscall-legend");
        legend.setPadding(new Insets(4, 8, 4, 8));
        VBox timelineBox = new VBox(timelinePane, legend);
        VBox.setVgrow(timelinePane, Priority.ALWAYS);

        SplitPane tables = new SplitPane(statsTable(vm), slowestTable(vm));
        tables.setDividerPositions(0.56);
        SplitPane main = new SplitPane(timelineBox, tables);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.58);
        setCenter(main);

        // The workbench swaps pages in and out of its centre: off screen, the page costs nothing.
        vm.setShown(getScene() != null);
        sceneProperty().addListener((obs, old, scene) -> vm.setShown(scene != null));
        vm.timelineProperty().addListener((obs, old, t) -> show(t));
        vm.focusedProperty().addListener((obs, old, span) -> timelinePane.centreOn(span));
        show(vm.timelineProperty().get());
    }

    private void show(SyscallTimeline t) {
        timelinePane.show(t);
        Map<String, Long> bySyscall = new LinkedHashMap<>();
        t.lanes().forEach(l -> l.spans().forEach(s -> bySyscall.merge(s.syscall(), 1L, Long::sum)));
        List<String> names = bySyscall.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).limit(LEGEND_ENTRIES).toList();
        legend.getChildren().clear();
        for (String name : names) {
            Rectangle swatch = new Rectangle(12, 10, SyscallPalette.colourOf(name));
            Label entry = new Label(name, swatch);
            entry.getStyleClass().add("legend-entry");
            legend.getChildren().add(entry);
        }
        if (bySyscall.size() > names.size()) {
            legend.getChildren().add(new Label("+" + (bySyscall.size() - names.size()) + " more"));
        }
        Rectangle failed = new Rectangle(12, 3, SyscallPalette.ERROR);
        Label failedEntry = new Label("failed call (underlined)", failed);
        failedEntry.getStyleClass().add("muted");
        if (!names.isEmpty()) {
            legend.getChildren().add(failedEntry);
        }
    }

    private HBox toolbar(SyscallsViewModel vm) {
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("syscalls-pause");
        pause.setTooltip(new Tooltip("Freeze the view while capture continues (Ctrl+P)"));
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        Button zoomIn = new Button(null, new FontIcon("mdi2m-magnify-plus-outline"));
        zoomIn.setTooltip(new Tooltip("Zoom in (+ or mouse wheel)"));
        zoomIn.setOnAction(e -> timelinePane.zoom(2, timelinePane.viewport().width() / 2));
        Button zoomOut = new Button(null, new FontIcon("mdi2m-magnify-minus-outline"));
        zoomOut.setTooltip(new Tooltip("Zoom out (- or mouse wheel)"));
        zoomOut.setOnAction(e -> timelinePane.zoom(0.5, timelinePane.viewport().width() / 2));
        Button fit = new Button("Fit", new FontIcon("mdi2f-fit-to-page-outline"));
        fit.setId("syscalls-fit");
        fit.setTooltip(new Tooltip("Show the whole window again (0); drag to pan"));
        fit.setOnAction(e -> timelinePane.fit());
        Label summary = new Label();
        summary.setId("syscalls-summary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(vm.summaryProperty());
        Button allPods = new Button();
        allPods.setId("syscalls-pod");
        allPods.setTooltip(new Tooltip("Showing one pod's processes: click to show every process"));
        allPods.textProperty().bind(javafx.beans.binding.Bindings.concat("Pod ", vm.podProperty(), "  ✕"));
        allPods.visibleProperty().bind(vm.podProperty().isNotEmpty());
        allPods.managedProperty().bind(allPods.visibleProperty());
        allPods.setOnAction(e -> vm.podProperty().set(""));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, pause, zoomIn, zoomOut, fit, allPods, spacer, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        return bar;
    }

    private static VBox statsTable(SyscallsViewModel vm) {
        TableView<SyscallStats> table = new TableView<>(vm.stats());
        table.setId("syscall-stats");
        table.setPlaceholder(new Label("No syscall figures in this window."));
        TableColumn<SyscallStats, long[]> histogram = new TableColumn<>("Latency");
        histogram.setPrefWidth(90);
        histogram.setMinWidth(90);
        histogram.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().buckets()));
        histogram.setCellFactory(c -> new TableCell<>() {
            private final MiniHistogram chart = new MiniHistogram();

            @Override
            protected void updateItem(long[] buckets, boolean empty) {
                super.updateItem(buckets, empty);
                chart.show(empty ? null : buckets);
                setGraphic(empty ? null : chart);
            }
        });
        histogram.setSortable(false);
        table.getColumns().addAll(List.of(
                Columns.text("Syscall", 100, s -> s.syscall() + (s.fromSpansOnly() ? " *" : "")),
                Columns.text("Count", 70, s -> String.format(Locale.ROOT, "%,d", s.count())),
                Columns.text("Errors", 60, s -> String.format(Locale.ROOT, "%,d", s.errors())),
                Columns.text("Mean", 65, s -> Units.duration(s.meanNs())),
                Columns.text("p50 ≈", 65, s -> Units.duration(s.p50Ns())),
                Columns.text("p90 ≈", 65, s -> Units.duration(s.p90Ns())),
                Columns.text("p99 ≈", 65, s -> Units.duration(s.p99Ns())),
                Columns.text("Slow", 50, s -> String.format(Locale.ROOT, "%,d", s.slowSpans()))));
        table.getColumns().add(histogram);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        Label title = new Label("Per syscall");
        title.getStyleClass().add("section-title");
        Label note = new Label("≈ estimated from log2 latency buckets (1 µs → 1 s in the Latency column) · "
                + "Slow = spans over the sensor's threshold · * = from slow spans only");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setPadding(new Insets(0, 6, 0, 6));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(2, title, table, note);
    }

    private static VBox slowestTable(SyscallsViewModel vm) {
        TableView<TimelineSpan> table = new TableView<>(vm.slowest());
        table.setId("syscall-slowest");
        table.setPlaceholder(new Label("No slow spans in this window."));
        table.getColumns().addAll(List.of(
                Columns.text("Duration", 85, s -> Units.duration(s.durationNs())),
                Columns.text("Syscall", 95, TimelineSpan::syscall),
                Columns.text("Process", 120, s -> s.comm() + " (" + s.pid() + ")"),
                Columns.text("Result", 80, s -> s.failed() ? s.errnoName() : Long.toString(s.returnValue())),
                Columns.text("Target", 120, TimelineSpan::fdTarget),
                Columns.text("Started", 90, s -> Units.clock(s.startNs()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, span) -> {
            if (span != null) {
                vm.focus(span);
            }
        });
        Label title = new Label("Slowest spans (click to find on the timeline)");
        title.getStyleClass().add("section-title");
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(2, title, table);
    }

    TimelinePane timeline() {
        return timelinePane;
    }
}
