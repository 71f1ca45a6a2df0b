package dev.nightjar.desktop.ui.syscalls;

import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.SyscallTimeline;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.ColumnSizer;
import dev.nightjar.desktop.ui.util.Columns;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import dev.nightjar.desktop.ui.util.TableCopy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
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
import javafx.scene.control.TextField;
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
 * The Syscalls page: a toolbar with the filter, the timeline with its legend and the selected
 * span's details, and below it the figures per syscall (a click narrows the timeline to that
 * syscall) and the slowest spans (a click centres the timeline on one).
 */
public final class SyscallsView extends BorderPane {

    private final TimelinePane timelinePane = new TimelinePane();
    private final FlowPane legend = new FlowPane(10, 4);
    private final TextField filter = new TextField();
    private final Label selectedSpan = new Label();
    private TableView<SyscallStats> statsTable;
    private TableView<TimelineSpan> slowestTable;
    private List<String> legendShows = List.of();
    private int legendOf = -1;

    public SyscallsView(SyscallsViewModel vm) {
        getStyleClass().add("syscalls");
        setTop(new VBox(toolbar(vm), filterError(vm), chosenBar(vm)));

        legend.setId("syscall-legend");
        legend.setPadding(new Insets(4, 8, 4, 8));
        selectedSpan.setId("syscall-selected-span");
        selectedSpan.getStyleClass().addAll("mono", "selected-span");
        selectedSpan.setWrapText(true);
        selectedSpan.setPadding(new Insets(2, 8, 2, 8));
        selectedSpan.managedProperty().bind(selectedSpan.textProperty().isNotEmpty());
        selectedSpan.visibleProperty().bind(selectedSpan.textProperty().isNotEmpty());
        VBox timelineBox = new VBox(timelinePane, legend, selectedSpan);
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
        timelinePane.emptyTextProperty().bind(vm.emptyHintProperty());
        timelinePane.setOnSpanClicked(vm::focus);
        vm.focusedProperty().addListener((obs, old, span) -> {
            timelinePane.centreOn(span);
            selectedSpan.setText(span == null ? "" : "Selected: " + TimelinePane.describe(span).replace('\n', ' '));
            if (span != null && slowestTable.getSelectionModel().getSelectedItem() != span) {
                int row = slowestTable.getItems().indexOf(span);
                if (row >= 0) {
                    slowestTable.getSelectionModel().clearAndSelect(row);
                    slowestTable.scrollTo(row);
                } else {
                    slowestTable.getSelectionModel().clearSelection();
                }
            }
        });
        show(vm.timelineProperty().get());
    }

    private void show(SyscallTimeline t) {
        timelinePane.show(t);
        List<SyscallTimeline.LegendEntry> entries = t.legend();
        List<String> names = entries.stream().limit(SyscallTimeline.LEGEND_ENTRIES)
                .map(SyscallTimeline.LegendEntry::syscall).toList();
        if (names.equals(legendShows) && entries.size() == legendOf) {
            return; // the same legend: no new nodes to style and lay out
        }
        legendShows = names;
        legendOf = entries.size();
        legend.getChildren().clear();
        for (SyscallTimeline.LegendEntry entry : entries.subList(0, Math.min(SyscallTimeline.LEGEND_ENTRIES, entries.size()))) {
            Rectangle swatch = new Rectangle(12, 10, SyscallPalette.colourOf(entry.syscall()));
            Label label = new Label(entry.syscall(), swatch);
            label.getStyleClass().add("legend-entry");
            legend.getChildren().add(label);
        }
        if (entries.size() > SyscallTimeline.LEGEND_ENTRIES) {
            legend.getChildren().add(new Label("+" + (entries.size() - SyscallTimeline.LEGEND_ENTRIES) + " more"));
        }
        if (!entries.isEmpty()) {
            Rectangle failed = new Rectangle(12, 3, SyscallPalette.ERROR);
            Label failedEntry = new Label("failed call (underlined)", failed);
            failedEntry.getStyleClass().add("muted");
            legend.getChildren().add(failedEntry);
        }
    }

    private HBox toolbar(SyscallsViewModel vm) {
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("syscalls-pause");
        pause.setTooltip(new Tooltip("Freeze the view while capture continues (Ctrl+P)"));
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.setMinWidth(Region.USE_PREF_SIZE);
        Button zoomIn = new Button(null, new FontIcon("mdi2m-magnify-plus-outline"));
        zoomIn.setId("syscalls-zoom-in");
        zoomIn.setTooltip(new Tooltip("Zoom in (+ or mouse wheel)"));
        zoomIn.setOnAction(e -> timelinePane.zoom(2, timelinePane.viewport().width() / 2));
        Button zoomOut = new Button(null, new FontIcon("mdi2m-magnify-minus-outline"));
        zoomOut.setId("syscalls-zoom-out");
        zoomOut.setTooltip(new Tooltip("Zoom out (- or mouse wheel)"));
        zoomOut.setOnAction(e -> timelinePane.zoom(0.5, timelinePane.viewport().width() / 2));
        Button fit = new Button("Fit", new FontIcon("mdi2f-fit-to-page-outline"));
        fit.setId("syscalls-fit");
        fit.setTooltip(new Tooltip("Show the whole window again (0); drag to pan"));
        fit.setOnAction(e -> timelinePane.fit());
        fit.setMinWidth(Region.USE_PREF_SIZE);
        filter.setId("syscalls-filter");
        filter.setPromptText("Filter: comm=nginx syscall=connect !errno=EAGAIN   (Ctrl+F)");
        filter.setPrefColumnCount(26);
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        SearchBoxes.install(filter);
        HBox.setHgrow(filter, Priority.SOMETIMES);
        Label summary = new Label();
        summary.setId("syscalls-summary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(0);
        summary.setTooltip(new Tooltip());
        summary.getTooltip().textProperty().bind(vm.summaryProperty());
        Button allPods = new Button();
        allPods.setId("syscalls-pod");
        allPods.setMinWidth(Region.USE_PREF_SIZE);
        allPods.setTooltip(new Tooltip("Showing one pod's processes: click to show every process"));
        allPods.textProperty().bind(javafx.beans.binding.Bindings.concat("Pod ", vm.podProperty(), "  ✕"));
        allPods.visibleProperty().bind(vm.podProperty().isNotEmpty());
        allPods.managedProperty().bind(allPods.visibleProperty());
        allPods.setOnAction(e -> vm.podProperty().set(""));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, pause, zoomIn, zoomOut, fit, filter, allPods, spacer, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        return bar;
    }

    private static Label filterError(SyscallsViewModel vm) {
        Label error = new Label();
        error.setId("syscalls-filter-error");
        error.getStyleClass().add("lost-detail");
        error.setWrapText(true);
        error.setPadding(new Insets(0, 8, 4, 8));
        error.textProperty().bind(vm.filterErrorProperty());
        error.managedProperty().bind(vm.filterErrorProperty().isNotEmpty());
        error.visibleProperty().bind(vm.filterErrorProperty().isNotEmpty());
        return error;
    }

    /** "Showing connect only ✕" while a row of the per-syscall table narrows the timeline. */
    private HBox chosenBar(SyscallsViewModel vm) {
        Label text = new Label();
        text.setId("syscalls-chosen");
        Button clear = new Button(null, new FontIcon("mdi2c-close"));
        clear.setId("syscalls-chosen-clear");
        clear.setTooltip(new Tooltip("Show every syscall on the timeline again"));
        clear.setOnAction(e -> {
            vm.chosenSyscallProperty().set(null);
            statsTable.getSelectionModel().clearSelection();
        });
        HBox bar = new HBox(6, new FontIcon("mdi2f-filter-outline"), text, clear);
        bar.getStyleClass().add("chosen-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 8, 4, 8));
        bar.visibleProperty().bind(vm.chosenSyscallProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        vm.chosenSyscallProperty().addListener((obs, old, now) -> text.setText(now == null ? ""
                : "Timeline and slowest spans show " + now + " only (picked in the table below)"));
        return bar;
    }

    private VBox statsTable(SyscallsViewModel vm) {
        TableView<SyscallStats> table = new TableView<>();
        statsTable = table;
        table.setId("syscall-stats");
        table.setPlaceholder(new Label("No syscall figures in this window."));
        TableColumn<SyscallStats, long[]> histogram = new TableColumn<>("Latency");
        histogram.setPrefWidth(90);
        histogram.setMinWidth(90);
        histogram.setResizable(false);
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
                Columns.number("Count", 70, SyscallStats::count, n -> String.format(Locale.ROOT, "%,d", n)),
                Columns.number("Errors", 60, SyscallStats::errors, n -> String.format(Locale.ROOT, "%,d", n)),
                Columns.text("Errno (slow calls)", 130, SyscallStats::errnoBreakdown),
                Columns.number("Total", 70, SyscallStats::totalNs, Units::duration),
                Columns.number("Mean", 65, SyscallStats::meanNs, Units::duration),
                Columns.number("p50 ≈", 65, SyscallStats::p50Ns, Units::duration),
                Columns.number("p90 ≈", 65, SyscallStats::p90Ns, Units::duration),
                Columns.number("p99 ≈", 65, SyscallStats::p99Ns, Units::duration),
                Columns.number("Slow", 50, SyscallStats::slowSpans, n -> String.format(Locale.ROOT, "%,d", n))));
        table.getColumns().add(histogram);
        Columns.sortable(table, vm.stats(), SyscallStats::syscall);
        ColumnSizer.fitWhenFilled(table);
        TableCopy.install(table);
        // A row picked narrows the timeline and the slowest spans to its syscall.
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null && !Objects.equals(vm.chosenSyscallProperty().get(), row.syscall())) {
                vm.chosenSyscallProperty().set(row.syscall());
            }
        });
        Label title = new Label("Per syscall (click a row to show only that syscall above)");
        title.getStyleClass().add("section-title");
        Label note = new Label("≈ estimated from log2 latency buckets (1 µs → 1 s in the Latency column) · "
                + "Slow = spans over the sensor's threshold · Errno: of the slow failed calls (fast failures are"
                + " counted in Errors only) · * = from slow spans only");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setPadding(new Insets(0, 6, 0, 6));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(2, title, table, note);
    }

    private VBox slowestTable(SyscallsViewModel vm) {
        TableView<TimelineSpan> table = new TableView<>();
        slowestTable = table;
        table.setId("syscall-slowest");
        table.setPlaceholder(new Label("No slow spans in this window."));
        table.getColumns().addAll(List.of(
                Columns.number("Duration", 85, TimelineSpan::durationNs, Units::duration),
                Columns.text("Syscall", 95, TimelineSpan::syscall),
                Columns.text("Process", 120, s -> s.comm() + " (" + s.pid() + ")"),
                Columns.text("Result", 80, s -> s.failed() ? s.errnoName() : Long.toString(s.returnValue())),
                Columns.text("Target", 120, TimelineSpan::fdTarget),
                Columns.number("Started", 90, TimelineSpan::startNs, Units::clock)));
        Columns.sortable(table, vm.slowest(), Function.identity());
        ColumnSizer.fitWhenFilled(table);
        TableCopy.install(table);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, span) -> {
            if (span != null && vm.focusedProperty().get() != span) {
                vm.focus(span);
            }
        });
        Label title = new Label("Slowest spans (click to find on the timeline)");
        title.getStyleClass().add("section-title");
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(2, title, table);
    }

    public void focusFilter() {
        SearchBoxes.focus(filter);
    }

    TimelinePane timeline() {
        return timelinePane;
    }
}
