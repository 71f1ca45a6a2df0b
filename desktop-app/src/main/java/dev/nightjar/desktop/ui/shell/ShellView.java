package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.ui.cluster.ClusterView;
import dev.nightjar.desktop.ui.cluster.ClusterViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.io.File;
import java.util.List;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
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
import javafx.stage.FileChooser;

/** The main window's frame: the welcome screen or an open capture, and a status bar. */
public final class ShellView extends BorderPane {

    private static final String STYLESHEET = "/dev/nightjar/desktop/ui/nightjar.css";

    private final ShellViewModel viewModel;
    private final WelcomeView welcome;
    private Dialog<ButtonType> about;

    public ShellView(ShellViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("shell");
        welcome = new WelcomeView(viewModel, this::chooseBundle, this::connectToSensor, viewModel::openCluster);
        showCurrentScreen();
        viewModel.workbenchProperty().addListener((obs, old, now) -> showCurrentScreen());
        viewModel.clusterProperty().addListener((obs, old, now) -> showCurrentScreen());
        setBottom(statusBar(viewModel, this::showAbout));
        acceptDroppedBundles();
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseBundle);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showAbout);
            }
        });
    }

    public static void applyStyles(Scene scene) {
        scene.getStylesheets().add(Objects.requireNonNull(ShellView.class.getResource(STYLESHEET)).toExternalForm());
    }

    private void showCurrentScreen() {
        WorkbenchViewModel workbench = viewModel.workbenchProperty().get();
        ClusterViewModel cluster = viewModel.clusterProperty().get();
        if (workbench != null) {
            setCenter(new WorkbenchView(workbench, this::chooseExportTarget, viewModel::stopLive));
        } else if (cluster != null) {
            setCenter(new ClusterView(cluster, viewModel::home, (nodes, leastPrivilege) ->
                    viewModel.startClusterCapture(cluster.connectionProperty().get(), nodes, leastPrivilege)));
        } else {
            setCenter(welcome);
        }
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

    private void chooseExportTarget() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the capture");
        chooser.setInitialFileName("nightjar-capture.njcap");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Nightjar captures (*.njcap)", "*.njcap"));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            viewModel.exportCapture(file.toPath());
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

    private static HBox statusBar(ShellViewModel viewModel, Runnable showAbout) {
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
        HBox bar = new HBox(12, status, spacer, version, about);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }
}
