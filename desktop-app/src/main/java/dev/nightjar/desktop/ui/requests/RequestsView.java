package dev.nightjar.desktop.ui.requests;

import dev.nightjar.desktop.requests.RedRow;
import dev.nightjar.desktop.requests.RedSummary;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.ColumnSizer;
import dev.nightjar.desktop.ui.util.Columns;
import dev.nightjar.desktop.ui.util.VerdictCell;
import dev.nightjar.desktop.ui.util.MenuItems;
import dev.nightjar.desktop.ui.util.Notices;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import dev.nightjar.protocol.v1.Request;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
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
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Requests view: filter bar, the table of requests (endpoints named as on the Flows page),
 * and below it the RED summary per route or per client-server pair, the latency histogram of
 * the chosen summary line, and the selected request's fields with a link to its flow.
 */
public final class RequestsView extends BorderPane {

    private final TextField filter = new TextField();
    private final TableView<RequestRow> table;
    private final LatencyChart chart = new LatencyChart();

    public RequestsView(RequestsViewModel vm) {
        getStyleClass().add("requests");

        filter.setId("requests-filter");
        filter.setPromptText("Filter: protocol=http http-status=5xx http-path=/api/* dns-rcode=NXDOMAIN"
                + " min-latency=100ms ns=shop   (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        SearchBoxes.install(filter);
        HBox.setHgrow(filter, Priority.ALWAYS);
        ToggleButton pause = new ToggleButton("Pause", new FontIcon("mdi2p-pause"));
        pause.setId("requests-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        Label count = new Label();
        count.setId("requests-count");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.rows().size() + " of " + vm.totalRequestsProperty().get() + " requests",
                vm.rows(), vm.totalRequestsProperty()));
        HBox bar = new HBox(8, filter, pause, count);
        bar.setPadding(new Insets(6));
        VBox top = new VBox(bar, Notices.line("requests-filter-error", vm.filterErrorProperty()),
                Notices.line("requests-losses", vm.lossesProperty()), unmaskedNotice(vm));
        setTop(top);

        table = table(vm);
        chart.show(vm.histogramProperty().get());
        vm.histogramProperty().addListener((obs, old, h) -> chart.show(h));
        SplitPane below = new SplitPane(redSummary(vm), histogram(vm), details(vm));
        below.setDividerPositions(0.48, 0.72);
        SplitPane main = new SplitPane(table, below);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.55);
        setCenter(main);
    }

    /** The requests table, for the trace menus the workbench adds to its rows. */
    public TableView<RequestRow> table() {
        return table;
    }

    public void focusFilter() {
        SearchBoxes.focus(filter);
    }

    private static Label unmaskedNotice(RequestsViewModel vm) {
        Label label = new Label("Query strings and SQL literals are NOT masked in these requests (the capture"
                + " was started with masking off): they may hold personal data.");
        label.setId("requests-unmasked");
        label.getStyleClass().add("lost-detail");
        label.setWrapText(true);
        label.managedProperty().bind(vm.literalsUnmaskedProperty());
        label.visibleProperty().bind(vm.literalsUnmaskedProperty());
        label.setPadding(new Insets(0, 6, 4, 6));
        return label;
    }

    private static TableView<RequestRow> table(RequestsViewModel vm) {
        TableView<RequestRow> table = new TableView<>();
        table.setId("requests-table");
        Label placeholder = new Label();
        placeholder.setId("requests-empty");
        placeholder.setWrapText(true);
        placeholder.setPadding(new Insets(12));
        placeholder.textProperty().bind(vm.emptyTextProperty());
        table.setPlaceholder(placeholder);
        // Status and latency before the route: a route or SQL statement can take the rest of the
        // width (pod names already take much of it), and the failures must stay in view.
        table.getColumns().addAll(List.of(
                Columns.number("Time", 85, RequestRow::startNs, Units::clock),
                Columns.text("Node", 55, RequestRow::node),
                Columns.text("Source", 165, r -> r.source().label()),
                Columns.text("Destination", 165, r -> r.destination().label()),
                Columns.text("Protocol", 60, r -> r.protocol() + (r.request().getTls() ? " (TLS)" : "")),
                Columns.text("Method", 60, RequestRow::method),
                statusColumn(),
                Columns.number("Latency", 70, RequestRow::latencyNs, Units::duration),
                Columns.text("Route or query", 220, RequestRow::target),
                Columns.number("Req", 55, r -> r.request().getRequestBytes(), Units::bytes),
                Columns.number("Resp", 55, r -> r.request().getResponseBytes(), Units::bytes)));
        Columns.sortable(table, vm.rows(), RequestRow::key);
        ColumnSizer.fitWhenFilled(table);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                vm.selectedProperty().set(row);
            }
        });
        MenuItem flow = MenuItems.of("requests-show-flow", "Show its flow", "mdi2s-swap-horizontal", () -> {
            RequestRow r = table.getSelectionModel().getSelectedItem();
            if (r != null) {
                vm.showFlow(r);
            }
        });
        ContextMenu menu = new ContextMenu(flow);
        menu.setOnShowing(e -> flow.setDisable(table.getSelectionModel().getSelectedItem() == null));
        table.setContextMenu(menu);
        return table;
    }

    /** A status and whether the request failed: the cell colours itself from its own value. */
    record Status(String text, boolean failed) implements Comparable<Status> {
        static Status of(RequestRow r) {
            return new Status(r.status(), r.error() || r.request().getNoResponse());
        }

        @Override
        public int compareTo(Status other) {
            return text.compareTo(other.text);
        }
    }

    /** The status, red when the protocol says the request failed. */
    private static TableColumn<RequestRow, Status> statusColumn() {
        TableColumn<RequestRow, Status> column = Columns.column("Status", 95, Status::of, Status::text,
                java.util.Comparator.naturalOrder());
        column.setCellFactory(c -> new VerdictCell<>(Status::text, s -> s.failed() ? VerdictCell.FAILED : VerdictCell.OK));
        return column;
    }

    private static VBox redSummary(RequestsViewModel vm) {
        ToggleGroup group = new ToggleGroup();
        ToggleButton byRoute = new ToggleButton("Route");
        byRoute.setId("requests-red-route");
        ToggleButton byPair = new ToggleButton("Client → server");
        byPair.setId("requests-red-pair");
        byRoute.setToggleGroup(group);
        byPair.setToggleGroup(group);
        byRoute.setSelected(vm.groupingProperty().get() == RedSummary.Grouping.ROUTE);
        byPair.setSelected(!byRoute.isSelected());
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one of the two is always on
            } else {
                vm.groupingProperty().set(now == byRoute ? RedSummary.Grouping.ROUTE : RedSummary.Grouping.PAIR);
            }
        });
        TableView<RedRow> red = new TableView<>();
        red.setId("requests-red");
        red.setPlaceholder(new Label("No request stats in this window."));
        red.getColumns().addAll(List.of(
                Columns.text("Route / pair", 190, RequestsViewModel::describe),
                whole(Columns.text("Proto", 64, RedRow::protocol)),
                figure("Rate", 56, RedRow::ratePerSecond, v -> String.format(Locale.ROOT, "%.1f/s", v)),
                figure("Errors", 56, r -> r.stats().errorPercent(), v -> String.format(Locale.ROOT, "%.1f%%", v)),
                figure("p50", 68, r -> r.stats().p50Ns(), v -> Units.duration(v.longValue())),
                figure("p90", 68, r -> r.stats().p90Ns(), v -> Units.duration(v.longValue())),
                figure("p99", 68, r -> r.stats().p99Ns(), v -> Units.duration(v.longValue()))));
        // Rows of one height (a new summary every second must not make the table measure its rows),
        // busiest first until the user sorts by a column.
        Columns.sortable(red, vm.red(), RedRow::key);
        red.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        red.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> vm.selectedRedProperty().set(row));
        VBox.setVgrow(red, Priority.ALWAYS);
        Label title = new Label("Rate · errors · duration");
        title.getStyleClass().add("section-title");
        title.setTooltip(new Tooltip("From the sensor's counts of every request (RequestStats), over the time window;"
                + " not narrowed by the filter"));
        title.setMinWidth(Region.USE_PREF_SIZE);
        return new VBox(4, new HBox(8, title, byRoute, byPair), red);
    }

    /** A summary figure: sorted by its number, shown by {@code format}, never cut. */
    private static TableColumn<RedRow, Double> figure(String title, double width,
                                                     java.util.function.ToDoubleFunction<RedRow> value,
                                                     java.util.function.Function<Double, String> format) {
        return whole(Columns.column(title, width, r -> value.applyAsDouble(r), format, java.util.Comparator.naturalOrder()));
    }

    /**
     * A column the constrained table may not narrow below {@code width}: "501.2 µs" cut to
     * "501.2…" reads as milliseconds. The route column gives way instead (its tooltip has it whole).
     */
    private static <V> TableColumn<RedRow, V> whole(TableColumn<RedRow, V> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    private VBox histogram(RequestsViewModel vm) {
        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.histogramTitleProperty());
        title.setWrapText(true);
        VBox.setVgrow(chart, Priority.ALWAYS);
        return new VBox(4, title, chart);
    }

    private static VBox details(RequestsViewModel vm) {
        TextArea text = new TextArea();
        text.setId("requests-detail");
        text.setEditable(false);
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> describe(vm.selectedProperty().get()),
                vm.selectedProperty()));
        VBox.setVgrow(text, Priority.ALWAYS);
        Button flow = new Button("Show its flow", new FontIcon("mdi2s-swap-horizontal"));
        flow.setId("requests-detail-flow");
        flow.setTooltip(new Tooltip("The Flows page, filtered to this request's connection"));
        flow.disableProperty().bind(vm.selectedProperty().isNull());
        flow.setOnAction(e -> vm.showFlow(vm.selectedProperty().get()));
        Label title = new Label("Selected request");
        title.getStyleClass().add("section-title");
        return new VBox(4, new HBox(8, title, flow), text);
    }

    static String describe(RequestRow r) {
        if (r == null) {
            return "Select a request to see its fields (right-click it to trace its pod or process).";
        }
        Request q = r.request();
        List<String> lines = new java.util.ArrayList<>(List.of(
                "Protocol:    " + r.protocol() + (q.getTls() ? " over TLS" : "") + ", " + r.method() + " " + r.target(),
                "Status:      " + (r.status().isEmpty() ? "none" : r.status()) + (q.getError() ? " (failed)" : ""),
                "From:        " + r.source().label() + (r.source().workload().isEmpty() ? "" : "  (workload " + r.source().workload() + ")"),
                "To:          " + r.destination().label() + (r.destination().service().isEmpty() ? "" : "  (service " + r.destination().service() + ")"),
                "When:        " + Units.clock(r.startNs()) + ", latency " + (q.getNoResponse() ? "none (no response)"
                        : Units.duration(q.getLatencyNs())),
                "Sizes:       " + Units.bytes(q.getRequestBytes()) + " request, " + Units.bytes(q.getResponseBytes()) + " response",
                "Node:        " + r.node() + ", " + readAt(q) + " " + q.getComm() + " (" + q.getPid() + ")",
                "Flow:        " + (q.getFlowId() == 0 ? "" : "id " + q.getFlowId() + ", ") + r.flowFilter()));
        switch (q.getDetailCase()) {
            case HTTP -> {
                var h = q.getHttp();
                lines.add("HTTP:        " + h.getMethod() + " " + h.getPath() + " (route " + h.getRoute() + "), HTTP/"
                        + h.getHttpVersion() + ", host " + h.getHost() + ", status " + h.getStatus());
                if (h.getGrpc()) {
                    lines.add("gRPC:        " + r.status() + " (" + h.getGrpcStatus() + ")"
                            + (h.getGrpcMessage().isEmpty() ? "" : ": " + h.getGrpcMessage()));
                }
            }
            case DNS -> lines.add("DNS:         " + q.getDns().getQueryName() + " " + q.getDns().getQueryTypeName()
                    + " → " + r.status() + ", " + q.getDns().getAnswers() + " answers"
                    + (q.getDns().getOverTcp() ? ", over TCP" : ""));
            case POSTGRES -> lines.add("PostgreSQL:  " + q.getPostgres().getStatement()
                    + (q.getPostgres().getSqlstate().isEmpty() ? " → " + q.getPostgres().getCommandTag()
                    : " → SQLSTATE " + q.getPostgres().getSqlstate() + " " + q.getPostgres().getErrorMessage()));
            case REDIS -> lines.add("Redis:       " + q.getRedis().getCommand() + " " + q.getRedis().getFirstKey()
                    + (q.getRedis().getError().isEmpty() ? "" : " → " + q.getRedis().getError()));
            default -> { }
        }
        if (!q.getIncomplete().isEmpty()) {
            lines.add("Incomplete:  " + q.getIncomplete());
        }
        if (q.getLiteralsUnmasked()) {
            lines.add("Literals:    NOT masked (the capture was started with masking off)");
        }
        return String.join("\n", lines);
    }

    /** Which side's socket the sensor read, in words. */
    private static String readAt(Request q) {
        return switch (q.getRole()) {
            case FLOW_ROLE_SERVER -> "read at the server,";
            case FLOW_ROLE_BOTH -> "both sides on this node, client";
            default -> "read at the client,";
        };
    }
}
