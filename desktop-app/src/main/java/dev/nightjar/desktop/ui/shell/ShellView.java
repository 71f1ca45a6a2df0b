package dev.nightjar.desktop.ui.shell;

import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The main window's frame: the current screen in the middle, a status bar below. */
public final class ShellView extends BorderPane {

    private static final String STYLESHEET = "/dev/nightjar/desktop/ui/nightjar.css";

    public ShellView(ShellViewModel viewModel) {
        getStyleClass().add("shell");
        setCenter(new WelcomeView());
        setBottom(statusBar(viewModel));
    }

    public static void applyStyles(Scene scene) {
        scene.getStylesheets().add(Objects.requireNonNull(ShellView.class.getResource(STYLESHEET)).toExternalForm());
    }

    private static HBox statusBar(ShellViewModel viewModel) {
        Label status = new Label();
        status.setId("status-text");
        status.textProperty().bind(viewModel.statusProperty());
        Label version = new Label();
        version.setId("status-version");
        version.textProperty().bind(viewModel.versionProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, status, spacer, version);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }
}
