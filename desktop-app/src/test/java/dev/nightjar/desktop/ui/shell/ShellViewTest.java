package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.testing.UiTest;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The shell window, started for real on JavaFX (headless Monocle in the build). */
@ExtendWith(ApplicationExtension.class)
@UiTest
class ShellViewTest {

    private final ShellViewModel viewModel = new ShellViewModel(
            dev.nightjar.desktop.ui.util.BackgroundTasks.withDaemonWorkers(javafx.application.Platform::runLater),
            javafx.application.Platform::runLater, dev.nightjar.desktop.capture.StoreLimits.defaults());

    @Start
    void start(Stage stage) {
        Scene scene = new Scene(new ShellView(viewModel), 1024, 640);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.titleProperty());
        stage.show();
    }

    @Test
    void showsTheWelcomeScreenAndAStatusBarWithTheVersion(FxRobot robot) {
        assertThat(robot.lookup("#welcome-title").queryAs(Label.class).getText()).isEqualTo("Nightjar");
        assertThat(robot.lookup("#status-version").queryAs(Label.class).getText()).isEqualTo(AppInfo.nameAndVersion());
        assertThat(robot.window(0).isShowing()).isTrue();
    }

    @Test
    void statusBarFollowsTheViewModel(FxRobot robot) {
        robot.interact(() -> viewModel.statusProperty().set("Connected to kind-dev"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#status-text").queryAs(Label.class).getText()).isEqualTo("Connected to kind-dev");
    }

    @Test
    void closeOnAnOpenCaptureLeadsBackToTheWelcomeScreen(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bundle = dev.nightjar.desktop.testing.TestBundles.twoNodes(dir.resolve("two.njcap"), 5);
        robot.interact(() -> viewModel.openBundle(bundle));
        // Only a Close button in a scene: while the workbench replaces the welcome screen, a
        // lookup can meet one not yet (or no longer) in a scene, which TestFX cannot click.
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#session-close").match(n -> n.getScene() != null && n.isVisible()).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#session-close").match(n -> n.getScene() != null && n.isVisible()).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewModel.workbenchProperty().get()).isNull();
        assertThat(robot.lookup("#welcome-title").queryAs(Label.class).getText()).isEqualTo("Nightjar");
    }
}
