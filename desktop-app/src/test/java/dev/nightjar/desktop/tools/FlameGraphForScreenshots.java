package dev.nightjar.desktop.tools;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.profile.SyntheticProfile;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Not a test: opens the workbench on a made-up profile (a JVM checkout service,
 * nginx and postgres on two nodes, 30 one-second intervals) at the Flame graph
 * page, in a real window, so it can be captured under Xvfb
 * ({@code import -window root}). Optional first argument: a search to type.
 * Closes itself after a minute.
 *
 * <pre>DISPLAY=:99 java -cp TEST_CLASSPATH dev.nightjar.desktop.tools.FlameGraphForScreenshots [search]</pre>
 */
public final class FlameGraphForScreenshots {

    private FlameGraphForScreenshots() {
    }

    public static void main(String[] args) {
        // Launched through a nested class: a main class that extends Application needs JavaFX on the module path.
        Application.launch(Window.class, args);
    }

    /** The window. */
    public static final class Window extends Application {

    @Override
    public void start(Stage stage) {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        SyntheticProfile.services(30, 1_764_115_200_000_000_000L, 11).forEach(store::accept);
        WorkbenchViewModel vm = new WorkbenchViewModel(store,
                new CaptureSource(false, "checkout-latency.njcap", "Captured on cluster prod-eu at 2026-11-26 00:00 UTC"),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.pageProperty().set(WorkbenchPage.FLAME_GRAPH);
        if (!getParameters().getRaw().isEmpty()) {
            vm.flameGraph().searchTextProperty().set(getParameters().getRaw().getFirst());
        }
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1366, 768);
        ShellView.applyStyles(scene);
        stage.setTitle("Nightjar — checkout-latency.njcap");
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        PauseTransition quit = new PauseTransition(Duration.seconds(60));
        quit.setOnFinished(e -> Platform.exit());
        quit.play();
    }
    }
}
