package dev.nightjar.desktop.ui.targets;

import dev.nightjar.desktop.targets.TraceCandidates.Candidate;
import dev.nightjar.desktop.targets.TargetsByNode;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A page with "what is traced" above it and, on demand, the target picker beside it: search the
 * pods and processes seen on the nodes, then trace one's syscalls or profile only it; or trace
 * the whole node, with what that costs said. Shown only while a choice can be made.
 */
public final class TargetPicker extends BorderPane {

    private static final Duration RELIST_EVERY = Duration.seconds(2);

    public TargetPicker(Node page, TargetPickerModel model, ReadOnlyStringProperty done,
                        ReadOnlyStringProperty problem) {
        getStyleClass().add("target-picker-host");
        setTop(bar(model, done, problem));
        setCenter(page);
        Node picker = picker(model);
        rightProperty().bind(javafx.beans.binding.Bindings.when(model.openProperty()).then(picker).otherwise((Node) null));
        // Processes keep starting while the picker is open; list them again every 2 s until one is picked.
        Timeline relist = new Timeline(new KeyFrame(RELIST_EVERY, e -> model.relist()));
        relist.setCycleCount(Animation.INDEFINITE);
        model.openProperty().subscribe(open -> {
            if (open) {
                relist.play();
            } else {
                relist.stop();
            }
        });
    }

    private static VBox bar(TargetPickerModel model, ReadOnlyStringProperty done, ReadOnlyStringProperty problem) {
        Label traced = new Label();
        traced.setId("trace-current");
        traced.setMinWidth(0);
        traced.textProperty().bind(model.targetsProperty().map(t -> "Traced: " + t.describe()));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(traced.textProperty());
        traced.setTooltip(tip);
        Button choose = new Button("Choose what to trace…", new FontIcon("mdi2t-target"));
        choose.setId("trace-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setTooltip(new Tooltip("Pick the pods or processes whose syscalls are timed, or whose CPU is profiled"));
        choose.setOnAction(e -> model.open());
        choose.disableProperty().bind(model.openProperty());
        Label doneLabel = message("trace-done", done, "muted");
        Label problemLabel = message("trace-problem", problem, "lost-detail");
        HBox row = new HBox(10, new FontIcon("mdi2t-target"), traced, choose);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(traced, Priority.SOMETIMES);
        VBox bar = new VBox(2, row, doneLabel, problemLabel);
        bar.getStyleClass().add("trace-bar");
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.visibleProperty().bind(model.availableProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private static Label message(String id, ReadOnlyStringProperty text, String style) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(style);
        label.setWrapText(true);
        label.textProperty().bind(text);
        label.visibleProperty().bind(text.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static VBox picker(TargetPickerModel model) {
        TextField search = new TextField();
        search.setId("trace-search");
        search.setPromptText("Search pods and processes (name, pid, namespace)");
        search.textProperty().bindBidirectional(model.queryProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                if (search.getText().isEmpty()) {
                    model.close();
                } else {
                    search.clear();
                }
                e.consume();
            }
        });
        ListView<Candidate> list = new ListView<>(model.shown());
        list.setId("trace-candidates");
        list.setFixedCellSize(40);
        list.setCellFactory(v -> new CandidateCell());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> model.selectedProperty().set(now));
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                model.traceSelected();
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Label status = new Label();
        status.setId("trace-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());

        Button trace = button("trace-syscalls", "Trace syscalls", "mdi2t-timeline-clock-outline",
                "Time the syscalls of the selected pod or process (replaces the previous choice)", model::traceSelected);
        Button profile = button("trace-profile", "Profile only this", "mdi2f-fire",
                "Sample the CPU of the selected pod or process only", model::profileSelected);
        trace.disableProperty().bind(model.selectedProperty().isNull());
        profile.disableProperty().bind(model.selectedProperty().isNull());
        Button wholeNode = button("trace-whole-node", "Trace syscalls of the whole node", "mdi2s-server",
                TargetPickerModel.WHOLE_NODE_COST, model::traceWholeNode);
        ComboBox<String> node = new ComboBox<>(model.nodes());
        node.setId("trace-whole-node-on");
        node.setTooltip(new Tooltip("The node whose every process is traced: each node has its own sensor"));
        node.valueProperty().bindBidirectional(model.wholeNodeOnProperty());
        node.visibleProperty().bind(model.targetsProperty().map(TargetsByNode::namesNodes));
        node.managedProperty().bind(node.visibleProperty());
        HBox wholeNodeRow = new HBox(6, wholeNode, node);
        wholeNodeRow.setAlignment(Pos.CENTER_LEFT);
        Label cost = new Label(TargetPickerModel.WHOLE_NODE_COST, new FontIcon("mdi2a-alert-outline"));
        cost.setId("trace-whole-node-cost");
        cost.getStyleClass().add("muted");
        cost.setWrapText(true);
        Button profileAll = button("trace-profile-whole-node", "Profile the whole node", "mdi2f-fire",
                "Sample the CPU of every process again", model::profileWholeNode);
        profileAll.visibleProperty().bind(model.targetsProperty().map(t -> !t.narrowedProfiles().isEmpty()));
        profileAll.managedProperty().bind(profileAll.visibleProperty());
        Button close = button("trace-close", "Close", "mdi2c-close", "Close the picker (Escape)", model::close);

        Label title = new Label("Choose what to trace");
        title.getStyleClass().add("section-title");
        HBox actions = new HBox(6, trace, profile);
        VBox box = new VBox(6, title, search, list, status, actions, wholeNodeRow, cost, profileAll, close);
        box.setId("trace-picker");
        box.getStyleClass().add("trace-picker");
        box.setPadding(new Insets(6, 8, 6, 8));
        box.setPrefWidth(380);
        box.setMinWidth(300);
        model.openProperty().addListener((obs, was, now) -> {
            if (now) {
                search.requestFocus();
            }
        });
        return box;
    }

    private static Button button(String id, String text, String icon, String tooltip, Runnable action) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip(tooltip));
        button.setOnAction(e -> action.run());
        return button;
    }

    /** Name on the first line, where it runs (pod or host, node) on the second. */
    private static final class CandidateCell extends ListCell<Candidate> {
        @Override
        protected void updateItem(Candidate item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label name = new Label(item.label());
            Label where = new Label(item.where());
            where.getStyleClass().add("muted");
            setText(null);
            setGraphic(new VBox(name, where));
            setTooltip(new Tooltip(item.label() + "\n" + item.where()));
        }
    }

    /** For tests: what the bar says. */
    static String describe(TargetsByNode t) {
        return "Traced: " + t.describe();
    }
}
