package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.session.PermissionResult;
import dev.nightjar.desktop.ui.util.Columns;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The permission check as a table, and what to ask the platform team for, copyable. */
public final class PermissionCheckView extends VBox {

    public PermissionCheckView(PermissionCheckModel model) {
        super(8);
        setPadding(new Insets(8));
        getStyleClass().add("permission-check");
        Label summary = new Label();
        summary.setId("permission-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summaryProperty());

        TableView<PermissionResult> table = new TableView<>(model.rows());
        table.setId("permission-table");
        TableColumn<PermissionResult, String> verdict = Columns.text("Result", 90, r -> switch (r.verdict()) {
            case ALLOWED -> "allowed";
            case DENIED -> "denied";
            case UNKNOWN -> "unknown";
        });
        verdict.setCellFactory(c -> new VerdictCell());
        table.getColumns().addAll(List.of(
                Columns.text("Permission", 270, r -> r.permission().describe()),
                verdict,
                Columns.text("Needed for", 360, r -> r.permission().neededFor()
                        + (r.permission().essential() ? "" : " (optional)")),
                Columns.text("Check it yourself", 330, r -> r.permission().canI())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(330);
        VBox.setVgrow(table, Priority.ALWAYS);

        Label askTitle = new Label("Ask your platform team for (apply, then bind it to you):");
        TextArea ask = new TextArea();
        ask.setId("permission-ask");
        ask.getStyleClass().add("mono");
        ask.setEditable(false);
        ask.setPrefRowCount(8);
        ask.textProperty().bind(model.askForProperty());
        Button copy = new Button("Copy", new FontIcon("mdi2c-content-copy"));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(ask.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox askBar = new HBox(8, askTitle, copy);
        VBox askBox = new VBox(4, askBar, ask);
        askBox.visibleProperty().bind(model.askForProperty().isNotEmpty());
        askBox.managedProperty().bind(askBox.visibleProperty());
        getChildren().addAll(summary, table, askBox);
        setPrefWidth(1080);
    }

    private static final class VerdictCell extends TableCell<PermissionResult, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("feature-ok", "feature-off");
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(item);
            boolean ok = item.equals("allowed");
            setGraphic(new FontIcon(ok ? "mdi2c-check-circle-outline" : item.equals("denied")
                    ? "mdi2c-close-circle-outline" : "mdi2h-help-circle-outline"));
            getStyleClass().add(ok ? "feature-ok" : "feature-off");
        }
    }
}
