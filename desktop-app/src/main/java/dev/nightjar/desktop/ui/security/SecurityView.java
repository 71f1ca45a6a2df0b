package dev.nightjar.desktop.ui.security;

import dev.nightjar.desktop.security.SecurityRow;
import dev.nightjar.desktop.security.SecurityWords;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.ColumnSizer;
import dev.nightjar.desktop.ui.util.Columns;
import dev.nightjar.desktop.ui.util.MenuItems;
import dev.nightjar.desktop.ui.util.Notices;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import dev.nightjar.desktop.ui.util.VerdictCell;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Security view: filter bar, the table of security events (newest first, critical in red),
 * and below it the selected event with its process tree and stacks, and links to the same
 * process's flows, requests and syscalls.
 */
public final class SecurityView extends BorderPane {

    private final TextField filter = new TextField();
    private final TableView<SecurityRow> table;

    public SecurityView(SecurityViewModel vm) {
        getStyleClass().add("security");

        filter.setId("security-filter");
        filter.setPromptText("Filter: severity=critical policy=sensitive-kernel-paths pod=shop/* binary=cat"
                + " path=/proc/sys/kernel/*   (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        SearchBoxes.install(filter);
        HBox.setHgrow(filter, Priority.ALWAYS);
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("security-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        Label count = new Label();
        count.setId("security-count");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.rows().size() + " of " + vm.totalEventsProperty().get() + " events",
                vm.rows(), vm.totalEventsProperty()));
        HBox bar = new HBox(8, filter, pause, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        Label tally = new Label();
        tally.setId("security-tally");
        tally.textProperty().bind(vm.tallyProperty());
        tally.setPadding(new Insets(0, 6, 4, 6));
        setTop(new VBox(new SecurityChoiceBar(vm.choice()), bar, Notices.line("security-filter-error", vm.filterErrorProperty()),
                Notices.line("security-losses", vm.lossesProperty()), tally));

        table = table(vm);
        SplitPane main = new SplitPane(table, details(vm));
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.45);
        setCenter(main);
    }

    /** The events table, for the trace menus the workbench adds to its rows. */
    public TableView<SecurityRow> table() {
        return table;
    }

    public void focusFilter() {
        SearchBoxes.focus(filter);
    }

    private static TableView<SecurityRow> table(SecurityViewModel vm) {
        TableView<SecurityRow> table = new TableView<>();
        table.setId("security-table");
        Label placeholder = new Label();
        placeholder.setId("security-empty");
        placeholder.setWrapText(true);
        placeholder.setPadding(new Insets(12));
        placeholder.textProperty().bind(vm.emptyTextProperty());
        table.setPlaceholder(placeholder);
        table.getColumns().addAll(List.of(
                Columns.number("Time", 85, SecurityRow::timeNs, Units::clock),
                severityColumn(),
                Columns.text("Policy", 170, SecurityRow::policy),
                Columns.text("Kind", 70, SecurityRow::kind),
                Columns.text("Pod", 150, SecurityRow::pod),
                Columns.text("Binary", 130, SecurityRow::binary),
                Columns.number("PID", 55, SecurityRow::pid, Long::toString),
                Columns.text("Path / what", 300, SecurityRow::what),
                Columns.text("Node", 70, SecurityRow::node)));
        Columns.sortable(table, vm.rows(), SecurityRow::key);
        ColumnSizer.fitWhenFilled(table);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                vm.selectedProperty().set(row);
            }
        });
        MenuItem flows = selectedItem(table, "security-show-flows", "Show its flows", "mdi2s-swap-horizontal",
                vm::showFlows);
        MenuItem requests = selectedItem(table, "security-show-requests", "Show its requests", "mdi2w-web",
                vm::showRequests);
        MenuItem syscalls = selectedItem(table, "security-show-syscalls", "Show its syscalls",
                "mdi2t-timeline-clock-outline", vm::showSyscalls);
        ContextMenu menu = new ContextMenu(flows, requests, syscalls);
        menu.setOnShowing(e -> {
            SecurityRow row = table.getSelectionModel().getSelectedItem();
            flows.setDisable(row == null || row.flowFilter().isEmpty());
            requests.setDisable(row == null || row.flowFilter().isEmpty());
            syscalls.setDisable(row == null);
        });
        table.setContextMenu(menu);
        return table;
    }

    private static MenuItem selectedItem(TableView<SecurityRow> table, String id, String text, String icon,
                                         Consumer<SecurityRow> action) {
        return MenuItems.of(id, text, icon, () -> {
            SecurityRow r = table.getSelectionModel().getSelectedItem();
            if (r != null) {
                action.accept(r);
            }
        });
    }

    /** A severity that sorts most severe first, and colours its cell: critical red, warning blue. */
    record Severity(String text) implements Comparable<Severity> {
        static Severity of(SecurityRow r) {
            return new Severity(r.event().getSummary() ? "(suppressed)" : r.severity());
        }

        private int rank() {
            int i = SecurityWords.SEVERITIES.indexOf(text);
            return i < 0 ? SecurityWords.SEVERITIES.size() : i;
        }

        @Override
        public int compareTo(Severity other) {
            return Integer.compare(rank(), other.rank());
        }
    }

    private static TableColumn<SecurityRow, Severity> severityColumn() {
        TableColumn<SecurityRow, Severity> column = Columns.column("Severity", 80, Severity::of, Severity::text,
                Comparator.naturalOrder());
        column.setCellFactory(c -> new VerdictCell<>(Severity::text, s -> switch (s.text()) {
            case "critical" -> VerdictCell.FAILED;
            case "warning" -> VerdictCell.OPEN;
            default -> null;
        }));
        return column;
    }

    private static VBox details(SecurityViewModel vm) {
        TextArea text = new TextArea();
        text.setId("security-detail");
        text.getStyleClass().add("mono");
        text.setEditable(false);
        text.textProperty().bind(Bindings.createStringBinding(
                () -> SecurityDetails.describe(vm.selectedProperty().get()), vm.selectedProperty()));
        VBox.setVgrow(text, Priority.ALWAYS);
        Label title = new Label("Selected event");
        title.getStyleClass().add("section-title");
        Button flows = link(vm, "security-detail-flows", "Show its flows", "mdi2s-swap-horizontal",
                "The Flows page, filtered to this process's command on its node", vm::showFlows);
        Button requests = link(vm, "security-detail-requests", "Show its requests", "mdi2w-web",
                "The Requests page, filtered to this process's command on its node", vm::showRequests);
        Button syscalls = link(vm, "security-detail-syscalls", "Show its syscalls", "mdi2t-timeline-clock-outline",
                "The Syscalls page, filtered to this process (pid) on its node", vm::showSyscalls);
        flows.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() == null
                || vm.selectedProperty().get().flowFilter().isEmpty(), vm.selectedProperty()));
        requests.disableProperty().bind(flows.disableProperty());
        HBox head = new HBox(8, title, flows, requests, syscalls);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, head, text);
        box.setPadding(new Insets(4, 6, 6, 6));
        return box;
    }

    private static Button link(SecurityViewModel vm, String id, String text, String icon, String tooltip,
                               Consumer<SecurityRow> action) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        button.disableProperty().bind(vm.selectedProperty().isNull());
        button.setOnAction(e -> action.accept(vm.selectedProperty().get()));
        return button;
    }
}
