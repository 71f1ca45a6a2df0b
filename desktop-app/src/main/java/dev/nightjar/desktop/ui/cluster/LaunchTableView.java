package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.session.LaunchStep;
import dev.nightjar.desktop.session.NodeLaunch;
import dev.nightjar.desktop.ui.util.Columns;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The launch table: each node's step (Pending → pulling → running → streaming), since when, why, and Redeploy. */
public final class LaunchTableView extends BorderPane {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public LaunchTableView(LaunchTableModel model) {
        getStyleClass().add("launch-table");
        Label title = new Label("Sensors", new FontIcon("mdi2r-radar"));
        title.getStyleClass().add("section-title");
        Label summary = new Label();
        summary.setId("launch-summary");
        summary.textProperty().bind(model.summaryProperty());
        Label problem = new Label();
        problem.setId("launch-problem");
        problem.getStyleClass().add("lost-detail");
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        HBox head = new HBox(12, title, summary, problem);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(4, 8, 4, 8));

        TableView<NodeLaunch> table = new TableView<>(model.rows());
        table.setId("launch-table");
        TableColumn<NodeLaunch, String> step = Columns.text("Step", 150, n -> n.step().title());
        step.setCellFactory(c -> new StepCell());
        TableColumn<NodeLaunch, String> action = Columns.text("", 110, n -> n.redeployable() ? n.node() : "");
        action.setCellFactory(c -> new RedeployCell(model));
        table.getColumns().addAll(List.of(
                Columns.text("Node", 230, NodeLaunch::node),
                step,
                Columns.text("Since", 80, n -> CLOCK.format(n.since())),
                Columns.text("Why", 560, NodeLaunch::reason),
                action));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No capture is starting."));
        setTop(new VBox(head));
        setCenter(table);
    }

    /** The step's title with an icon that says good, waiting or trouble. */
    private static final class StepCell extends TableCell<NodeLaunch, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            NodeLaunch row = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (row == null) {
                setText(null);
                setGraphic(null);
                getStyleClass().removeAll("feature-ok", "feature-off");
                return;
            }
            setText(item);
            LaunchStep s = row.step();
            String icon = s == LaunchStep.STREAMING ? "mdi2c-check-circle-outline"
                    : s.isProblem() ? "mdi2a-alert-circle-outline"
                    : s == LaunchStep.STOPPED ? "mdi2s-stop-circle-outline" : "mdi2p-progress-clock";
            setGraphic(new FontIcon(icon));
            getStyleClass().removeAll("feature-ok", "feature-off");
            if (s == LaunchStep.STREAMING) {
                getStyleClass().add("feature-ok");
            } else if (s.isProblem()) {
                getStyleClass().add("feature-off");
            }
        }
    }

    /** A Redeploy button on the rows whose sensor ended or whose pod failed. */
    private static final class RedeployCell extends TableCell<NodeLaunch, String> {
        private final Button button = new Button("Redeploy", new FontIcon("mdi2r-restart"));
        private final LaunchTableModel model;

        RedeployCell(LaunchTableModel model) {
            this.model = model;
            button.setOnAction(e -> {
                String node = getItem();
                if (node != null && !node.isEmpty()) {
                    model.redeploy(node);
                }
            });
        }

        @Override
        protected void updateItem(String node, boolean empty) {
            super.updateItem(node, empty);
            setText(null);
            if (empty || node == null || node.isEmpty()) {
                setGraphic(null);
            } else {
                button.setId("redeploy-" + node);
                setGraphic(button);
            }
        }
    }
}
