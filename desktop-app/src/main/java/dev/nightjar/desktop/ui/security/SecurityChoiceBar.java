package dev.nightjar.desktop.ui.security;

import dev.nightjar.desktop.security.SecurityEvents;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The live session's "Security events: Off / Default policies / Policy files…" above the Security
 * page's filter, with what the sensors did with the last choice. Hidden for a capture opened from
 * a file (its policies are the recorded ones).
 */
final class SecurityChoiceBar extends VBox {

    private final SecurityChoiceModel model;
    private final ChoiceBox<SecurityEvents.Mode> mode = new ChoiceBox<>(
            FXCollections.observableArrayList(SecurityEvents.Mode.values()));
    /** Set while the box follows the model, so that following is not taken for a choice. */
    private boolean following;

    SecurityChoiceBar(SecurityChoiceModel model) {
        super(2);
        this.model = model;
        setPadding(new Insets(6, 6, 0, 6));
        managedProperty().bind(model.liveProperty());
        visibleProperty().bind(model.liveProperty());

        Label title = new Label("Security events for this session");
        mode.setId("security-choice");
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(SecurityEvents.Mode m) {
                return m == null ? "" : text(m);
            }

            @Override
            public SecurityEvents.Mode fromString(String s) {
                throw new UnsupportedOperationException("choices only");
            }
        });
        mode.setTooltip(new Tooltip("While any policy runs, the sensor's hooks see every file open and exec on the"
                + " node; off until you choose. Policies: docs/SECURITY-EVENTS.md"));
        mode.disableProperty().bind(model.askingProperty());
        follow(model.chosenProperty().get());
        model.chosenProperty().addListener((obs, old, now) -> follow(now));
        mode.valueProperty().addListener((obs, old, now) -> {
            if (!following && now != null) {
                chose(now);
            }
        });
        Button files = new Button("Choose policy files…", new FontIcon("mdi2f-file-document-outline"));
        files.setId("security-policy-files");
        files.disableProperty().bind(model.askingProperty());
        files.setOnAction(e -> chooseFiles());
        Label chosenFiles = new Label();
        chosenFiles.setId("security-choice-files");
        chosenFiles.getStyleClass().add("muted");
        chosenFiles.textProperty().bind(Bindings.createStringBinding(
                () -> model.chosenProperty().get().fileNames(), model.chosenProperty()));
        HBox row = new HBox(8, title, mode, files, chosenFiles);
        row.setAlignment(Pos.CENTER_LEFT);

        Label outcome = new Label();
        outcome.setId("security-choice-outcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(model.outcomeProperty());
        outcome.managedProperty().bind(outcome.textProperty().isNotEmpty());
        outcome.visibleProperty().bind(outcome.textProperty().isNotEmpty());
        model.refusedProperty().addListener((obs, old, refused) -> style(outcome, refused));
        style(outcome, model.refusedProperty().get());
        HBox.setHgrow(outcome, Priority.ALWAYS);
        getChildren().addAll(row, outcome);
    }

    private static String text(SecurityEvents.Mode m) {
        return switch (m) {
            case OFF -> "Off";
            case DEFAULT_POLICIES -> "Default policies";
            case POLICY_FILES -> "Policy files…";
        };
    }

    private static void style(Label outcome, boolean refused) {
        outcome.getStyleClass().removeAll("lost-detail", "muted");
        outcome.getStyleClass().add(refused ? "lost-detail" : "muted");
    }

    private void follow(SecurityEvents now) {
        following = true;
        try {
            mode.setValue(now.mode());
        } finally {
            following = false;
        }
    }

    private void chose(SecurityEvents.Mode now) {
        switch (now) {
            case OFF -> model.choose(SecurityEvents.OFF);
            case DEFAULT_POLICIES -> model.choose(SecurityEvents.DEFAULT_POLICIES);
            case POLICY_FILES -> chooseFiles();
        }
    }

    /** A file dialog; cancelling it leaves the session's policies (and the box) as they were. */
    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("TracingPolicy YAML files to run in this session");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("TracingPolicy YAML", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> picked = chooser.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
        if (picked == null || picked.isEmpty()) {
            follow(model.chosenProperty().get());
            return;
        }
        follow(model.chosenProperty().get()); // until the sensors took them
        model.choosePolicyFiles(picked.stream().map(File::toPath).map(Path::toAbsolutePath).toList());
    }
}
