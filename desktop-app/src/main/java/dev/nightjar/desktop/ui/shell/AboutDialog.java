package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.ui.workbench.Shortcuts;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Help › About: the icon, name and version of this build, the Java and JavaFX it runs on, and the keyboard shortcuts. */
final class AboutDialog {

    private AboutDialog() {
    }

    static Dialog<ButtonType> create(Window owner, AboutInfo info) {
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle("About " + info.name());
        dialog.setHeaderText(info.name() + " " + info.version());
        ImageView icon = new ImageView(AppIcons.ofSize(64));
        icon.setId("about-icon");
        dialog.setGraphic(icon);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Version"), value("about-version", info.version()));
        grid.addRow(1, new Label("Java"), value("about-java", info.java()));
        grid.addRow(2, new Label("JavaFX"), value("about-javafx", info.javaFx()));
        grid.addRow(3, new Label("Runtime"), value("about-runtime", info.runtimeHome()));
        grid.addRow(4, new Label("Web"), value("about-url", AboutInfo.ABOUT_URL));
        Label keysTitle = new Label("Keyboard");
        keysTitle.getStyleClass().add("section-title");
        grid.add(keysTitle, 0, 5, 2, 1);
        int row = 6;
        for (Map.Entry<String, String> key : Shortcuts.HELP.entrySet()) {
            Label keys = new Label(key.getKey());
            keys.getStyleClass().add("mono");
            grid.addRow(row++, keys, new Label(key.getValue()));
        }
        grid.setId("about-grid");
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.setOnShown(e -> {
            if (dialog.getDialogPane().getScene().getWindow() instanceof Stage stage) {
                stage.getIcons().setAll(AppIcons.windowIcons());
            }
        });
        return dialog;
    }

    private static Label value(String id, String text) {
        Label label = new Label(text);
        label.setId(id);
        return label;
    }
}
