package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.shell.ShellViewModel;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.testing.UiTest;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a check: the demo capture's pages as the app shows them, written as the README's
 * screenshots when run with {@code -Dnightjar.screenshots=DIR}; skipped otherwise.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class DemoScreenshots {

    private final ShellViewModel shell = new ShellViewModel(BackgroundTasks.withDaemonWorkers(Platform::runLater),
            Platform::runLater, StoreLimits.defaults());
    private Scene scene;

    @Start
    void start(Stage stage) {
        scene = new Scene(new ShellView(shell), 1280, 800);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(shell::close);
    }

    @Test
    @EnabledIfSystemProperty(named = "nightjar.screenshots", matches = ".+",
            disabledReason = "screenshots only with -Dnightjar.screenshots=DIR")
    void writeScreenshots(FxRobot robot) throws Exception {
        robot.interact(shell::openDemo);
        waitFor(() -> shell.workbenchProperty().get() != null);
        WorkbenchViewModel vm = shell.workbenchProperty().get();
        waitFor(() -> !vm.overview().nodes().isEmpty());
        Screenshots.save(scene, "overview-demo.png");
        robot.clickOn("#nav-flows");
        waitFor(() -> !vm.flows().rows().isEmpty());
        Screenshots.save(scene, "flows-demo.png");
        robot.clickOn("#flows-grouped");
        waitFor(() -> !vm.flows().groups().isEmpty());
        Screenshots.save(scene, "flows-grouped.png");
        robot.clickOn("#flows-grouped");
        robot.clickOn("#nav-drops");
        waitFor(() -> vm.drops().selectedProperty().get() != null);
        Screenshots.save(scene, "drops-demo.png");
        robot.clickOn("#nav-syscalls");
        waitFor(() -> !vm.syscalls().slowest().isEmpty());
        Screenshots.save(scene, "syscalls-demo.png");
        robot.clickOn("#nav-flame_graph");
        waitFor(() -> vm.flameGraph().treeProperty().get().totalSamples() > 0);
        Screenshots.save(scene, "flame-demo.png");
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        // the page's last apply and layout before the picture
        WaitForAsyncUtils.waitForFxEvents();
    }
}
