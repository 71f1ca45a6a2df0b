package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The JavaFX application: one main window holding the shell. */
public final class NightjarApplication extends Application {

    private static final double PREFERRED_WIDTH = 1280;
    private static final double PREFERRED_HEIGHT = 800;

    private static volatile StartWith startWith = new StartWith.Welcome();

    private ShellViewModel viewModel;

    /** Opens the window and blocks until it closes. */
    public static void launchWindow(StartWith start) {
        startWith = start;
        Application.launch(NightjarApplication.class);
    }

    @Override
    public void start(Stage stage) {
        ShellViewModel viewModel = new ShellViewModel(
                BackgroundTasks.withDaemonWorkers(Platform::runLater), Platform::runLater, StoreLimits.defaults());
        this.viewModel = viewModel;
        ShellView view = new ShellView(viewModel);

        // Fit a 1366x768 laptop: never open larger than the visible screen.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view,
                Math.min(PREFERRED_WIDTH, screen.getWidth()),
                Math.min(PREFERRED_HEIGHT, screen.getHeight()));
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.getIcons().setAll(AppIcons.windowIcons());
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.show();

        switch (startWith) {
            case StartWith.Bundle b -> viewModel.openBundle(b.file());
            case StartWith.Sensor s -> viewModel.connectToSensor(s.address(), s.tokenFile());
            case StartWith.Welcome w -> { }
        }
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
    }

    @Override
    public void init() {
        Thread.currentThread().setName(AppInfo.NAME + " launcher");
    }
}
