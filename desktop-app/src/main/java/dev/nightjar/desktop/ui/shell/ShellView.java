package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.ui.cluster.ClusterView;
import dev.nightjar.desktop.ui.cluster.ClusterViewModel;
import dev.nightjar.desktop.ui.cluster.LaunchTableModel;
import dev.nightjar.desktop.ui.cluster.LaunchTableView;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.io.File;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import dev.nightjar.desktop.ui.export.ExportDialog;
import dev.nightjar.desktop.ui.export.ExportViewModel;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import javafx.application.Platform;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;

/** The main window's frame: the welcome screen or an open capture, and a status bar. */
public final class ShellView extends BorderPane {

    private final ShellViewModel viewModel;
    private final WelcomeView welcome;
    private final ThemeSwitcher themes;
    private Dialog<ButtonType> about;

    public ShellView(ShellViewModel viewModel) {
        this(viewModel, ThemeSwitcher.forUser());
    }

    public ShellView(ShellViewModel viewModel, ThemeSwitcher themes) {
        this.viewModel = viewModel;
        this.themes = themes;
        getStyleClass().add("shell");
        welcome = new WelcomeView(viewModel, this::chooseBundle, this::connectToSensor, viewModel::openCluster);
        showCurrentScreen();
        viewModel.workbenchProperty().addListener((obs, old, now) -> showCurrentScreen());
        viewModel.clusterProperty().addListener((obs, old, now) -> showCurrentScreen());
        viewModel.launchTableProperty().addListener((obs, old, now) -> placeLaunchTable());
        viewModel.leftoversProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                showLeftovers(now);
            }
        });
        setBottom(statusBar(viewModel, themeToggle(), this::showAbout));
        acceptDroppedBundles();
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseBundle);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN), () -> themes.toggle(getScene()));
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showAbout);
                themes.applyTo(scene);
            }
        });
    }

    /** The user's saved theme (light unless they chose dark) on a scene. */
    public static void applyStyles(Scene scene) {
        ThemeSwitcher.forUser().applyTo(scene);
    }

    private Button themeToggle() {
        Button toggle = new Button();
        toggle.setId("theme-toggle");
        toggle.getStyleClass().add("status-button");
        toggle.setFocusTraversable(false);
        Runnable label = () -> {
            Theme other = themes.themeProperty().get().other();
            toggle.setText(other.title() + " theme");
            toggle.setGraphic(new FontIcon(other == Theme.DARK ? "mdi2w-weather-night" : "mdi2w-white-balance-sunny"));
        };
        label.run();
        themes.themeProperty().addListener((obs, old, now) -> label.run());
        toggle.setTooltip(new Tooltip("Switch between the light and dark theme (Ctrl+Shift+L)"));
        toggle.setOnAction(e -> themes.toggle(getScene()));
        return toggle;
    }

    /** The workbench, the connect screen or the welcome screen, without the launch table. */
    private javafx.scene.Node screen;

    private void showCurrentScreen() {
        WorkbenchViewModel workbench = viewModel.workbenchProperty().get();
        ClusterViewModel cluster = viewModel.clusterProperty().get();
        if (workbench != null) {
            screen = new WorkbenchView(workbench, this::chooseExportTarget, viewModel::stopLive, viewModel::home);
        } else if (cluster != null) {
            screen = new ClusterView(cluster, viewModel::home, (nodes, settings) ->
                    viewModel.startClusterCapture(cluster.connectionProperty().get(), nodes, settings));
        } else {
            screen = welcome;
        }
        placeLaunchTable();
    }

    /** A cluster capture's launch table goes under the screen: while it starts, and while it runs. */
    private void placeLaunchTable() {
        LaunchTableModel table = viewModel.launchTableProperty().get();
        if (table == null || screen == welcome) {
            setCenter(screen);
            return;
        }
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(screen, new LaunchTableView(table));
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.7);
        split.setId("screen-with-launch-table");
        setCenter(split);
    }

    /** After a Stop that could not remove everything: what is left, and the commands, copyable. */
    private void showLeftovers(String text) {
        javafx.scene.control.TextArea commands = new javafx.scene.control.TextArea(text);
        commands.setId("leftover-commands");
        commands.setEditable(false);
        commands.getStyleClass().add("mono");
        commands.setPrefSize(880, 260);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(getScene() == null ? null : getScene().getWindow());
        dialog.setTitle("Some sensor objects are still in the cluster");
        dialog.setHeaderText("The API server did not confirm everything before the deadline. Copy these commands"
                + " and run them when it answers again.");
        ButtonType copy = new ButtonType("Copy commands", javafx.scene.control.ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(copy, ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(copy).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            e.consume(); // keep the dialog open
        });
        dialog.getDialogPane().setContent(commands);
        dialog.setResizable(true);
        dialog.show();
    }

    private void chooseBundle() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a Nightjar capture");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Nightjar captures (*.njcap)", "*.njcap"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            viewModel.openBundle(file.toPath());
        }
    }

    /** The Export dialog for the open capture: options, redaction, progress, other-tool formats. */
    private void chooseExportTarget() {
        WorkbenchViewModel open = viewModel.workbenchProperty().get();
        if (open == null) {
            return;
        }
        BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(Platform::runLater);
        ExportViewModel export = new ExportViewModel(open.store(), viewModel::openSnapshot, tasks, Platform::runLater);
        new ExportDialog(export, getScene() == null ? null : getScene().getWindow()).showAndWait();
        // Closing the dialog does not cancel a running export: its workers stop once it is done.
        if (export.busyProperty().get()) {
            export.busyProperty().addListener((obs, was, busy) -> {
                if (!busy) {
                    tasks.close();
                }
            });
        } else {
            tasks.close();
        }
    }

    private void connectToSensor() {
        ConnectDialog.ask(getScene() == null ? null : getScene().getWindow())
                .ifPresent(answer -> viewModel.connectToSensor(answer.address(), answer.tokenFile()));
    }

    private void showAbout() {
        // One About box at a time: F1 again brings the open one forward.
        if (about != null && about.isShowing()) {
            about.getDialogPane().getScene().getWindow().requestFocus();
            return;
        }
        about = AboutDialog.create(getScene() == null ? null : getScene().getWindow(), AboutInfo.current());
        about.show();
    }

    private void acceptDroppedBundles() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean accepted = files != null && files.size() == 1;
            if (accepted) {
                viewModel.openBundle(files.getFirst().toPath());
            }
            e.setDropCompleted(accepted);
            e.consume();
        });
    }

    private static HBox statusBar(ShellViewModel viewModel, Button themeToggle, Runnable showAbout) {
        Label status = new Label();
        status.setId("status-text");
        status.textProperty().bind(viewModel.statusProperty());
        Label version = new Label();
        version.setId("status-version");
        version.textProperty().bind(viewModel.versionProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Hyperlink about = new Hyperlink("About");
        about.setId("about");
        about.setTooltip(new Tooltip("About Nightjar (F1)"));
        about.setOnAction(e -> showAbout.run());
        HBox bar = new HBox(12, status, spacer, themeToggle, version, about);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }
}
