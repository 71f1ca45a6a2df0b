package dev.nightjar.desktop.ui.flows;

import dev.nightjar.desktop.flows.FlowGroup;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.TopTalkers;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.ColumnSizer;
import dev.nightjar.desktop.ui.util.Columns;
import dev.nightjar.desktop.ui.util.MenuItems;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import dev.nightjar.desktop.ui.util.VerdictCell;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Flows view: filter bar, a virtualised table of flows (or of groups of them),
 * top talkers and the selected flow's details. Flows copy as text (Ctrl+C, hubble
 * observe-like lines) or JSON, and lead to their drops and their pods' syscalls.
 */
public final class FlowsView extends BorderPane {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final TextField filter = new TextField();
    private final TableView<FlowRow> table;

    public FlowsView(FlowsViewModel vm) {
        getStyleClass().add("flows");

        filter.setId("flows-filter");
        filter.setPromptText("Filter: ns=shop to-port=8080 verdict=DROPPED !proto=udp \"text\"   (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        SearchBoxes.install(filter);
        HBox.setHgrow(filter, Priority.ALWAYS);
        ToggleButton grouped = new ToggleButton("Group", new FontIcon("mdi2f-format-list-group"));
        grouped.setId("flows-grouped");
        grouped.setTooltip(new Tooltip("One row per client, server, port, protocol and verdict"));
        grouped.selectedProperty().bindBidirectional(vm.groupedProperty());
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("flows-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        Label count = new Label();
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.groupedProperty().get()
                        ? vm.groups().size() + " groups of " + vm.rows().size() + " flows"
                        : vm.rows().size() + " of " + vm.totalFlowsProperty().get() + " flows",
                vm.rows(), vm.groups(), vm.groupedProperty(), vm.totalFlowsProperty()));
        HBox bar = new HBox(8, filter, grouped, pause, count);
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
        TableView<FlowGroup> groups = groups(vm);
        table.visibleProperty().bind(vm.groupedProperty().not());
        groups.visibleProperty().bind(vm.groupedProperty());
        // Table on top at full width; the summary and the selected flow below it.
        SplitPane below = new SplitPane(topTalkers(vm), details(vm));
        below.setDividerPositions(0.45);
        SplitPane main = new SplitPane(new StackPane(table, groups), below);
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
        table.getColumns().addAll(List.of(
                verdictColumn(FlowsView::verdictText, 175),
                Columns.number("Last seen", 85, FlowRow::lastSeenNs, Units::clock),
                Columns.text("Node", 55, FlowRow::node),
                Columns.text("Source", 165, FlowsView::sourceText),
                Columns.text("Destination", 165, r -> r.destination().label()),
                Columns.number("Conns", 50, FlowRow::connections, n -> String.format(Locale.ROOT, "%,d", n)),
                Columns.text("Proto", 75, r -> r.role().isEmpty()
                        ? (r.side().isEmpty() ? r.protocol() : r.protocol() + " " + r.side())
                        : r.protocol() + " " + r.role()),
                Columns.text("State", 50, FlowRow::tcpState),
                Columns.number("Sent", 55, FlowRow::bytesSent, Units::bytes),
                Columns.number("Recv", 60, FlowRow::bytesReceived, Units::bytes),
                Columns.number("Duration", 60, FlowRow::durationNs, Units::duration),
                Columns.text("Retr/RST", 55, r -> r.retransmits() + "/" + r.resets()),
                Columns.text("Client process", 115, r -> process(r.clientPid(), r.comm())),
                Columns.text("Server process", 115, r -> process(r.serverProcessPid(), r.serverProcessComm()))));
        // Newest first until the user sorts by a column; kept sorted as rows change; columns as
        // wide as their content (the verdict never narrower than its own width).
        Columns.sortable(table, vm.rows(), FlowsViewModel::keyOf);
        ColumnSizer.fitWhenFilled(table);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                vm.selectedProperty().set(row);
            }
        });
        table.setOnKeyPressed(e -> {
            if (COPY.match(e)) {
                copy(FlowText.hubbleLines(selected(table), ZoneId.systemDefault()));
                e.consume();
            }
        });
        table.setContextMenu(contextMenu(vm, table));
        return table;
    }

    private static List<FlowRow> selected(TableView<FlowRow> table) {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    private static ContextMenu contextMenu(FlowsViewModel vm, TableView<FlowRow> table) {
        MenuItem copyText = MenuItems.of("flows-copy-text", "Copy as text (hubble observe)", "mdi2c-content-copy",
                () -> copy(FlowText.hubbleLines(selected(table), ZoneId.systemDefault())));
        copyText.setAccelerator(COPY);
        MenuItem copyJson = MenuItems.of("flows-copy-json", "Copy as JSON", "mdi2c-code-json",
                () -> copy(FlowText.jsonLines(selected(table))));
        MenuItem pair = MenuItems.of("flows-filter-pair", "Filter to this pair", "mdi2f-filter-outline",
                () -> first(table, vm::filterToPair));
        MenuItem drops = MenuItems.of("flows-show-drops", "Show drops for this tuple", "mdi2p-package-variant-remove",
                () -> first(table, vm::showDrops));
        MenuItem clientSyscalls = MenuItems.of("flows-client-syscalls", "Show the client pod's syscalls", "mdi2c-console",
                () -> first(table, r -> vm.showSyscalls(pod(r.source()))));
        MenuItem serverSyscalls = MenuItems.of("flows-server-syscalls", "Show the server pod's syscalls", "mdi2c-console",
                () -> first(table, r -> vm.showSyscalls(pod(r.destination()))));
        ContextMenu menu = new ContextMenu(copyText, copyJson, new SeparatorMenuItem(), pair, drops, clientSyscalls,
                serverSyscalls);
        menu.setOnShowing(e -> {
            FlowRow r = table.getSelectionModel().getSelectedItem();
            boolean one = r != null;
            copyText.setDisable(!one);
            copyJson.setDisable(!one);
            pair.setDisable(!one);
            drops.setDisable(!one);
            clientSyscalls.setDisable(!one || r.source().pod().isEmpty());
            serverSyscalls.setDisable(!one || r.destination().pod().isEmpty());
        });
        return menu;
    }

    private static void first(TableView<FlowRow> table, java.util.function.Consumer<FlowRow> action) {
        FlowRow r = table.getSelectionModel().getSelectedItem();
        if (r != null) {
            action.accept(r);
        }
    }

    private static String pod(FlowEndpoint e) {
        return e.namespace() + "/" + e.pod();
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private static TableView<FlowGroup> groups(FlowsViewModel vm) {
        TableView<FlowGroup> table = new TableView<>(vm.groups());
        table.setId("flows-groups");
        table.setPlaceholder(new Label("No flows match. Clear the filter or wait for traffic."));
        table.getColumns().addAll(List.of(
                verdictColumn(FlowGroup::verdict, 110),
                Columns.text("Source", 180, FlowGroup::source),
                Columns.text("Destination", 180, FlowGroup::destination),
                Columns.text("Port", 50, g -> Integer.toString(g.port())),
                Columns.text("Proto", 50, FlowGroup::protocol),
                Columns.text("Connections", 80, g -> String.format(Locale.ROOT, "%,d", g.connections())),
                Columns.text("Sent", 65, g -> Units.bytes(g.bytesSent())),
                Columns.text("Recv", 65, g -> Units.bytes(g.bytesReceived())),
                Columns.text("First seen", 85, g -> Units.clock(g.firstSeenNs())),
                Columns.text("Last seen", 85, g -> Units.clock(g.lastSeenNs())),
                Columns.text("Failed", 60, g -> String.format(Locale.ROOT, "%.0f%%", g.failureShare() * 100))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        return table;
    }

    /** The verdict, coloured by what it says ({@link VerdictCell}). */
    private static <R> TableColumn<R, String> verdictColumn(java.util.function.Function<R, String> text, double width) {
        TableColumn<R, String> column = Columns.text("Verdict", width, text);
        column.setMinWidth(width); // the column that says what failed is never cut
        column.setCellFactory(c -> new VerdictCell<>(v -> v, FlowsView::verdictState));
        return column;
    }

    static javafx.css.PseudoClass verdictState(String verdict) {
        if (verdict.isEmpty()) {
            return null;
        }
        if (verdict.startsWith("DROPPED") || verdict.startsWith("REFUSED") || verdict.startsWith("TIMED_OUT")
                || verdict.startsWith("RESET") || verdict.startsWith("UNREACHABLE")) {
            return VerdictCell.FAILED;
        }
        return verdict.startsWith("ESTABLISHED") || verdict.startsWith("CONNECTING") ? VerdictCell.OPEN : VerdictCell.OK;
    }

    /** "DROPPED (NETFILTER_DROP)" or the verdict alone. */
    static String verdictText(FlowRow r) {
        return r.dropReason().isEmpty() ? r.verdict() : r.verdict() + " (" + r.dropReason() + ")";
    }

    /** An aggregate of connections from several client ports has no one port: "*". */
    static String sourceText(FlowRow r) {
        if (r.connections() <= 1 || r.source().port() != 0) {
            return r.source().label();
        }
        String label = r.source().label();
        return label.substring(0, label.lastIndexOf(':')) + ":*";
    }

    private static String process(int pid, String comm) {
        return pid == 0 ? "" : comm + " (" + pid + ")";
    }

    private static VBox topTalkers(FlowsViewModel vm) {
        ListView<TopTalkers.Talker> list = new ListView<>(vm.topTalkers());
        list.setId("flows-top-talkers");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(TopTalkers.Talker t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : String.format(Locale.ROOT, "%s → %s   %s in %,d connection%s",
                        t.source(), t.destination(), Units.bytes(t.bytes()), t.connections(),
                        t.connections() == 1 ? "" : "s"));
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
            return "Select a flow to see its details (right-click to copy it or follow it to its drops).";
        }
        return String.join("\n",
                "Verdict:     " + verdictText(r) + (r.connections() > 1
                        ? String.format(Locale.ROOT, ", %,d connections that began and ended within one interval",
                                r.connections()) : ""),
                "From:        " + sourceText(r) + (r.source().workload().isEmpty() ? "" : "  (workload " + r.source().workload() + ")"),
                "To:          " + r.destination().label() + (r.destination().service().isEmpty() ? "" : "  (service " + r.destination().service() + ")"),
                "Addresses:   " + r.source().ip() + ":" + (r.source().port() == 0 ? "*" : r.source().port())
                        + " → " + r.destination().ip() + ":" + r.destination().port(),
                "Protocol:    " + r.protocol() + sockets(r) + (r.tcpState().isEmpty() ? "" : ", state " + r.tcpState())
                        + (r.closed() ? ", closed" : ""),
                "Node:        " + r.node(),
                "Client:      " + (r.clientPid() == 0 ? "not on this node, or unknown" : process(r.clientPid(), r.comm())),
                "Server:      " + (r.serverProcessPid() == 0 ? "not on this node, or unknown"
                        : process(r.serverProcessPid(), r.serverProcessComm())),
                "Bytes:       " + Units.bytes(r.bytesSent()) + " sent, " + Units.bytes(r.bytesReceived()) + " received",
                "Seen:        " + Units.clock(r.firstSeenNs()) + " → " + Units.clock(r.lastSeenNs()) + " (" + Units.duration(r.durationNs()) + ")",
                "Retransmits: " + r.retransmits() + ", resets: " + r.resets());
    }

    /** Which sockets of the connection this node has. */
    private static String sockets(FlowRow r) {
        return switch (r.role()) {
            case "both" -> ", both sockets on this node";
            case "client" -> ", client socket on this node";
            case "server" -> ", server socket on this node";
            default -> r.side().isEmpty() ? "" : ", reported by the " + (r.side().equals("out") ? "connecting" : "accepting") + " socket";
        };
    }
}
