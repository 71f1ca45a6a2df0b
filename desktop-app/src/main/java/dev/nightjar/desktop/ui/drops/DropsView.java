package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropReasonInfo;
import dev.nightjar.desktop.drops.DropSeverity;
import dev.nightjar.desktop.drops.DropTuple;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.ColumnSizer;
import dev.nightjar.desktop.ui.util.Columns;
import dev.nightjar.desktop.ui.util.SearchBoxes;
import dev.nightjar.desktop.ui.util.TableCopy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Drops view: a filter and the reasons on the left, the selected reason explained on the
 * right — what to check next as steps with copyable commands, the rate over time with its
 * axes, and the affected endpoints (ephemeral client ports folded into one row).
 */
public final class DropsView extends SplitPane {

    private final Label title = new Label();
    private final Label name = new Label();
    private final Label explanation = new Label();
    private final Label causes = new Label();
    private final NextSteps nextSteps = new NextSteps();
    private final Label summary = new Label();
    private final RateChart rate = new RateChart();
    private final TableView<DropTuple> tuples = new TableView<>();
    private final ScrollPane detailScroll;
    private final TextField filter = new TextField();
    /** The reason the detail pane explains now; a different one resets it (and its scroll) to the top. */
    private String shownReason;

    public DropsView(DropsViewModel vm) {
        getStyleClass().add("drops");
        ListView<DropGroup> reasons = new ListView<>(vm.groups());
        reasons.setId("drop-reasons");
        reasons.setPlaceholder(new Label("No packet drops recorded."));
        reasons.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(DropGroup g, boolean empty) {
                super.updateItem(g, empty);
                setText(empty || g == null ? null : String.format(Locale.ROOT, "%s%n%s · %,d packets%s",
                        g.reason().title(), g.reason().name(), g.packets(),
                        g.reason().severity() == DropSeverity.USUALLY_BENIGN ? " · usually benign" : ""));
            }
        });
        reasons.getSelectionModel().selectedItemProperty().addListener((obs, old, g) -> {
            if (g != null && vm.selectedProperty().get() != g) {
                vm.selectedProperty().set(g);
            }
        });
        vm.selectedProperty().addListener((obs, old, g) -> {
            show(g);
            if (g != null && reasons.getSelectionModel().getSelectedItem() != g) {
                reasons.getSelectionModel().select(g);
            }
        });

        filter.setId("drops-filter");
        filter.setPromptText("Filter: port=8080 pod=shop/* !reason=NO_SOCKET   (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        SearchBoxes.install(filter);
        Label error = new Label();
        error.setId("drops-filter-error");
        error.getStyleClass().add("lost-detail");
        error.setWrapText(true);
        error.textProperty().bind(vm.filterErrorProperty());
        error.managedProperty().bind(vm.filterErrorProperty().isNotEmpty());
        error.visibleProperty().bind(vm.filterErrorProperty().isNotEmpty());
        VBox left = new VBox(4, filter, error, reasons);
        left.setPadding(new Insets(6, 0, 0, 6));
        VBox.setVgrow(reasons, Priority.ALWAYS);

        title.setId("drop-title");
        title.getStyleClass().add("node-card-title");
        title.setWrapText(true);
        name.getStyleClass().add("muted");
        explanation.setId("drop-explanation");
        explanation.setWrapText(true);
        causes.setWrapText(true);
        summary.setId("drop-summary");
        tuples.setId("drop-tuples");
        tuples.setPlaceholder(new Label("No endpoints for this reason in the window."));
        MenuItem flows = new MenuItem("Show flows of these endpoints", new FontIcon("mdi2s-swap-horizontal"));
        flows.setId("drop-tuple-flows");
        flows.setOnAction(e -> {
            DropTuple t = tuples.getSelectionModel().getSelectedItem();
            if (t != null) {
                vm.showFlows(t);
            }
        });
        tuples.setContextMenu(new ContextMenu(flows));
        tuples.getColumns().addAll(List.of(
                Columns.text("Node", 90, DropTuple::node),
                Columns.text("Source", 190, DropTuple::sourceLabel),
                Columns.text("Destination", 190, DropTuple::destinationLabel),
                Columns.text("Proto", 55, DropTuple::protocol),
                Columns.number("Packets", 70, DropTuple::packets, n -> String.format(Locale.ROOT, "%,d", n)),
                Columns.text("Kernel location", 170, DropTuple::location),
                Columns.text("Interface", 80, DropTuple::ifname),
                Columns.number("Last", 95, DropTuple::lastSeenNs, Units::clock)));
        Columns.sortable(tuples, vm.tuples(), DropsViewModel::tupleKey);
        ColumnSizer.fitWhenFilled(tuples);
        TableCopy.install(tuples);
        // The page scrolls as a whole: the table shows a dozen rows and scrolls its own past that.
        tuples.setPrefHeight(320);
        tuples.setMinHeight(160);
        Label policyTitle = section("NetworkPolicy");
        Label policy = new Label(null, new FontIcon("mdi2s-shield-alert-outline"));
        policy.setId("drop-policy");
        policy.setWrapText(true);
        policy.getStyleClass().add("policy-diagnosis");
        policy.textProperty().bind(vm.policyDiagnosisProperty());
        for (Label l : List.of(policyTitle, policy)) {
            l.visibleProperty().bind(vm.policyDiagnosisProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }
        Label endpointsNote = new Label("Client ports from 32768 up are folded into one row per address."
                + " Ctrl+C copies the selected rows.");
        endpointsNote.getStyleClass().add("muted");
        endpointsNote.setWrapText(true);
        VBox detail = new VBox(8, title, name, explanation, policyTitle, policy, section("Usual causes"), causes,
                section("What to check next"), nextSteps, section("Rate over the window"), rate, summary,
                section("Affected endpoints"), focusBar(vm), tuples, endpointsNote);
        detail.setPadding(new Insets(10));
        detailScroll = new ScrollPane(detail);
        detailScroll.setId("drop-detail-scroll");
        detailScroll.setFitToWidth(true);
        getItems().addAll(left, detailScroll);
        setDividerPositions(0.3);
        show(vm.selectedProperty().get());
    }

    private void show(DropGroup g) {
        String reason = g == null ? null : g.reason().name();
        if (!Objects.equals(reason, shownReason)) {
            shownReason = reason;
            explain(g == null ? null : g.reason());
            // A new reason starts at its top, not where the last one was scrolled to.
            detailScroll.setVvalue(0);
        }
        if (g == null) {
            summary.setText("");
            rate.show(List.of(), 0, 0);
            return;
        }
        summary.setText(String.format(Locale.ROOT, "%,d packets from %s to %s", g.packets(),
                Units.clock(g.firstSeenNs()), Units.clock(g.lastSeenNs())));
        rate.show(g.rate(), g.rateFromNs(), g.rateBucketNs());
    }

    /** The texts that depend on the reason only: set when the selected reason changes. */
    private void explain(DropReasonInfo r) {
        if (r == null) {
            title.setText("No drops");
            name.setText("");
            explanation.setText("When the kernel frees a packet with a drop reason, it appears here, explained.");
            causes.setText("");
            nextSteps.show(List.of());
            return;
        }
        title.setText(r.title());
        name.setText(r.name() + " · " + r.category().label() + (r.catalogued() ? "" : " · not in Nightjar's catalogue"));
        explanation.setText(r.explanation() + (r.severityNote().isEmpty() ? "" : "\n" + r.severityNote()));
        causes.setText("• " + String.join("\n• ", r.causes()));
        nextSteps.show(r.nextSteps());
    }

    /** "Showing the drops of one flow: a → b" with a way back to every endpoint, while a flow focuses the page. */
    private static HBox focusBar(DropsViewModel vm) {
        Label focused = new Label();
        focused.setId("drop-focus");
        focused.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.focusProperty().get() == null
                ? "" : "Showing the drops of one flow: " + vm.focusProperty().get().client().label() + " → "
                        + vm.focusProperty().get().server().label(), vm.focusProperty()));
        Button all = new Button("Show all endpoints");
        all.setId("drop-focus-clear");
        all.setOnAction(e -> vm.clearFocus());
        HBox bar = new HBox(8, focused, all);
        bar.visibleProperty().bind(vm.focusProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    public void focusFilter() {
        SearchBoxes.focus(filter);
    }

    /** The affected endpoints' table, for menus the workbench adds to its rows. */
    public TableView<DropTuple> endpoints() {
        return tuples;
    }
}
