package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.AppInfo;
import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The JavaFX application: one main window holding the shell. */
public final class NightjarApplication extends Application {

    private static final double PREFERRED_WIDTH = 1280;
    private static final double PREFERRED_HEIGHT = 800;

    private static volatile Path initialBundle;

    /** Opens the window and blocks until it closes. */
    public static void launchWindow(Path bundleOrNull) {
        initialBundle = bundleOrNull;
        Application.launch(NightjarApplication.class);
    }

    @Override
    public void start(Stage stage) {
        ShellViewModel viewModel = new ShellViewModel();
        ShellView view = new ShellView(viewModel);

        // Fit a 1366x768 laptop: never open larger than the visible screen.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view,
                Math.min(PREFERRED_WIDTH, screen.getWidth()),
                Math.min(PREFERRED_HEIGHT, screen.getHeight()));
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.show();

        if (initialBundle != null) {
            viewModel.statusProperty().set("Opening " + Objects.requireNonNull(initialBundle.getFileName()) + "…");
        }
    }

    @Override
    public void init() {
        Thread.currentThread().setName(AppInfo.NAME + " launcher");
    }
}
