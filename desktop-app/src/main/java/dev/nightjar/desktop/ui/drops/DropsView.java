package dev.nightjar.desktop.ui.drops;

import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.drops.DropReasonInfo;
import dev.nightjar.desktop.drops.DropSeverity;
import dev.nightjar.desktop.drops.DropTuple;
import dev.nightjar.desktop.ui.format.Units;
import dev.nightjar.desktop.ui.util.Columns;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Drops view: reasons on the left, the selected reason explained on the right with its tuples. */
public final class DropsView extends SplitPane {

    private final Label title = new Label();
    private final Label name = new Label();
    private final Label explanation = new Label();
    private final Label causes = new Label();
    private final TextArea nextSteps = new TextArea();
    private final Label summary = new Label();
    private final RateSparkline sparkline = new RateSparkline(420, 48);
    private final TableView<DropTuple> tuples = new TableView<>();

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
            if (g != null) {
                vm.selectedProperty().set(g);
            }
        });
        vm.selectedProperty().addListener((obs, old, g) -> {
            show(g);
            if (g != null && reasons.getSelectionModel().getSelectedItem() != g) {
                reasons.getSelectionModel().select(g);
            }
        });

        title.setId("drop-title");
        title.getStyleClass().add("node-card-title");
        name.getStyleClass().add("muted");
        explanation.setId("drop-explanation");
        explanation.setWrapText(true);
        causes.setWrapText(true);
        nextSteps.setId("drop-next-steps");
        nextSteps.setEditable(false);
        nextSteps.setWrapText(true);
        nextSteps.setPrefRowCount(5);
        nextSteps.getStyleClass().add("mono");
        tuples.setId("drop-tuples");
        tuples.setItems(vm.shownTuples());
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
                Columns.text("Source", 190, t -> t.source().label()),
                Columns.text("Destination", 190, t -> t.destination().label()),
                Columns.text("Proto", 55, DropTuple::protocol),
                Columns.text("Packets", 70, t -> String.format(Locale.ROOT, "%,d", t.packets())),
                Columns.text("Kernel location", 170, DropTuple::location),
                Columns.text("Interface", 80, DropTuple::ifname),
                Columns.text("Last", 95, t -> Units.clock(t.lastSeenNs()))));
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
        Label focused = new Label();
        focused.setId("drop-focus");
        focused.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.focusProperty().get() == null
                ? "" : "Showing the drops of one flow: " + vm.focusProperty().get().client().label() + " → "
                        + vm.focusProperty().get().server().label(), vm.focusProperty()));
        Button all = new Button("Show all endpoints");
        all.setId("drop-focus-clear");
        all.setOnAction(e -> vm.clearFocus());
        HBox focusBar = new HBox(8, focused, all);
        focusBar.visibleProperty().bind(vm.focusProperty().isNotNull());
        focusBar.managedProperty().bind(focusBar.visibleProperty());
        VBox detail = new VBox(8, title, name, explanation, policyTitle, policy, section("Usual causes"), causes,
                section("What to check next"), nextSteps, section("Rate over the capture"), sparkline, summary,
                section("Affected endpoints"), focusBar, tuples);
        detail.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        getItems().addAll(reasons, scroll);
        setDividerPositions(0.3);
        show(vm.selectedProperty().get());
    }

    private void show(DropGroup g) {
        if (g == null) {
            title.setText("No drops");
            name.setText("");
            explanation.setText("When the kernel frees a packet with a drop reason, it appears here, explained.");
            causes.setText("");
            nextSteps.setText("");
            summary.setText("");
            sparkline.show(List.of());
            return;
        }
        DropReasonInfo r = g.reason();
        title.setText(r.title());
        name.setText(r.name() + " · " + r.category().label() + (r.catalogued() ? "" : " · not in Nightjar's catalogue"));
        explanation.setText(r.explanation() + (r.severityNote().isEmpty() ? "" : "\n" + r.severityNote()));
        causes.setText("• " + String.join("\n• ", r.causes()));
        nextSteps.setText(String.join("\n", r.nextSteps()));
        summary.setText(String.format(Locale.ROOT, "%,d packets from %s to %s", g.packets(),
                Units.clock(g.firstSeenNs()), Units.clock(g.lastSeenNs())));
        sparkline.show(g.rate());
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }
}
