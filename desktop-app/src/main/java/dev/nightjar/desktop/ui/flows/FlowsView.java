package dev.nightjar.desktop.ui.flows;

import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.ColumnSizer;
import dev.nightjar.desktop.ui.util.Columns;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import dev.nightjar.desktop.ui.util.TableCopy;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Flows view: filter bar, a virtualised table, top talkers and the selected flow's details. */
public final class FlowsView extends BorderPane {

    private final TextField filter = new TextField();
    private final TableView<FlowRow> table;

    public FlowsView(FlowsViewModel vm) {
        getStyleClass().add("flows");

        filter.setId("flows-filter");
        filter.setPromptText("Filter: ns=shop to-port=8080 !proto=udp \"text\"   (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        SearchBoxes.install(filter);
        HBox.setHgrow(filter, Priority.ALWAYS);
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("flows-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        Label count = new Label();
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.rows().size() + " of " + vm.totalFlowsProperty().get() + " flows",
                vm.rows(), vm.totalFlowsProperty()));
        HBox bar = new HBox(8, filter, pause, count);
        bar.setPadding(new Insets(6));
        Label error = new Label();
        error.setId("flows-filter-error");
        error.getStyleClass().add("lost-detail");
        error.textProperty().bind(vm.filterErrorProperty());
        error.managedProperty().bind(vm.filterErrorProperty().isNotEmpty());
        error.visibleProperty().bind(vm.filterErrorProperty().isNotEmpty());
        error.setPadding(new Insets(0, 6, 4, 6));
        setTop(new VBox(bar, error));

        table = table(vm);
        // Table on top at full width; the summary and the selected flow below it.
        SplitPane below = new SplitPane(topTalkers(vm), details(vm));
        below.setDividerPositions(0.45);
        SplitPane main = new SplitPane(table, below);
        main.setOrientation(javafx.geometry.Orientation.VERTICAL);
        main.setDividerPositions(0.68);
        setCenter(main);
    }

    /** The flows table, for menus the workbench adds to its rows. */
    public TableView<FlowRow> table() {
        return table;
    }

    public void focusFilter() {
        SearchBoxes.focus(filter);
    }

    private static TableView<FlowRow> table(FlowsViewModel vm) {
        TableView<FlowRow> table = new TableView<>();
        table.setId("flows-table");
        table.setPlaceholder(new Label("No flows match. Clear the filter or wait for traffic."));
        table.getColumns().addAll(java.util.List.of(
                Columns.number("Last seen", 85, FlowRow::lastSeenNs, Units::clock),
                Columns.text("Node", 70, FlowRow::node),
                Columns.text("Source", 165, r -> r.source().label()),
                Columns.text("Destination", 165, r -> r.destination().label()),
                Columns.text("Proto", 60, r -> r.side().isEmpty() ? r.protocol() : r.protocol() + " " + r.side()),
                Columns.text("State", 80, FlowRow::tcpState),
                Columns.number("Sent", 65, FlowRow::bytesSent, Units::bytes),
                Columns.number("Recv", 65, FlowRow::bytesReceived, Units::bytes),
                Columns.number("Duration", 70, FlowRow::durationNs, Units::duration),
                Columns.number("Retr", 40, FlowRow::retransmits, Long::toString),
                Columns.number("RST", 35, FlowRow::resets, Long::toString),
                Columns.text("Process", 110, r -> r.pid() == 0 ? "" : r.comm() + " (" + r.pid() + ")")));
        // Newest first until the user sorts by a column; kept sorted as rows change;
        // columns as wide as their content; Ctrl+C copies the selected rows.
        Columns.sortable(table, vm.rows());
        ColumnSizer.fitWhenFilled(table);
        TableCopy.install(table);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                vm.selectedProperty().set(row);
            }
        });
        return table;
    }

    private static VBox topTalkers(FlowsViewModel vm) {
        ListView<TopTalkers.Talker> list = new ListView<>(vm.topTalkers());
        list.setId("flows-top-talkers");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(TopTalkers.Talker t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null
                        : t.source() + " → " + t.destination() + "   " + Units.bytes(t.bytes()) + " in " + t.flows() + " flows");
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Label title = new Label(vm.hidesSessionTraffic()
                ? "Top talkers (current filter; this session's own sensor stream is not counted)"
                : "Top talkers (current filter)");
        title.getStyleClass().add("section-title");
        return new VBox(4, title, list);
    }

    private static VBox details(FlowsViewModel vm) {
        TextArea text = new TextArea();
        text.setId("flows-detail");
        text.setEditable(false);
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> describe(vm.selectedProperty().get()),
                vm.selectedProperty()));
        VBox.setVgrow(text, Priority.ALWAYS);
        Label title = new Label("Selected flow");
        title.getStyleClass().add("section-title");
        return new VBox(4, title, text);
    }

    static String describe(FlowRow r) {
        if (r == null) {
            return "Select a flow to see its details.";
        }
        return String.join("\n",
                "From:        " + r.source().label() + (r.source().workload().isEmpty() ? "" : "  (workload " + r.source().workload() + ")"),
                "To:          " + r.destination().label() + (r.destination().service().isEmpty() ? "" : "  (service " + r.destination().service() + ")"),
                "Addresses:   " + r.source().ip() + ":" + r.source().port() + " → " + r.destination().ip() + ":" + r.destination().port(),
                "Protocol:    " + r.protocol() + (r.side().isEmpty() ? "" : ", reported by the " + (r.side().equals("out") ? "connecting" : "accepting") + " socket") + (r.tcpState().isEmpty() ? "" : ", state " + r.tcpState()) + (r.closed() ? ", closed" : ""),
                "Node:        " + r.node(),
                "Process:     " + (r.pid() == 0 ? "unknown" : r.comm() + " (pid " + r.pid() + ")"),
                "Bytes:       " + Units.bytes(r.bytesSent()) + " sent, " + Units.bytes(r.bytesReceived()) + " received",
                "Seen:        " + Units.clock(r.firstSeenNs()) + " → " + Units.clock(r.lastSeenNs()) + " (" + Units.duration(r.durationNs()) + ")",
                "Retransmits: " + r.retransmits() + ", resets: " + r.resets());
    }
}
