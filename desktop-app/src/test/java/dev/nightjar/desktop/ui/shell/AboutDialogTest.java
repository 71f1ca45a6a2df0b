package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.app.AppInfo;
import dev.nightjar.testing.UiTest;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The About box opened from the status bar, and the icon files it and the window use. */
@ExtendWith(ApplicationExtension.class)
@UiTest
class AboutDialogTest {

    @Start
    void start(Stage stage) {
        ShellViewModel viewModel = new ShellViewModel(
                dev.nightjar.desktop.ui.util.BackgroundTasks.withDaemonWorkers(javafx.application.Platform::runLater),
                javafx.application.Platform::runLater, dev.nightjar.desktop.capture.StoreLimits.defaults());
        Scene scene = new Scene(new ShellView(viewModel), 1024, 640);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theStatusBarsAboutLinkShowsVersionRuntimeAndIcon(FxRobot robot) {
        robot.clickOn("#about");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#about-version").queryAs(Label.class).getText()).isEqualTo(AppInfo.version());
        assertThat(robot.lookup("#about-java").queryAs(Label.class).getText()).startsWith(Runtime.version().toString());
        String javaFx = System.getProperty("javafx.runtime.version");
        assertThat(javaFx).as("JavaFX sets javafx.runtime.version when it starts").isNotBlank();
        assertThat(robot.lookup("#about-javafx").queryAs(Label.class).getText()).isEqualTo(javaFx);
        Image icon = robot.lookup("#about-icon").queryAs(ImageView.class).getImage();
        assertThat(icon.isError()).isFalse();
        assertThat(icon.getWidth()).isEqualTo(64);
    }

    @Test
    void f1OpensTheAboutBoxAndPressingItAgainOpensNoSecondOne(FxRobot robot) {
        long before = aboutBoxes(robot); // another test's shell may have left one open
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(aboutBoxes(robot)).as("About boxes after F1").isEqualTo(before + 1);

        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(aboutBoxes(robot)).as("About boxes after F1 again").isEqualTo(before + 1);
    }

    private static long aboutBoxes(FxRobot robot) {
        return robot.listWindows().stream()
                .filter(w -> w instanceof Stage stage && stage.isShowing() && "About Nightjar".equals(stage.getTitle()))
                .count();
    }

    @Test
    void everyRenderedIconSizeIsOnTheClassPathAndDecodesAtItsSize() {
        for (int size : AppIcons.SIZES) {
            Image image = AppIcons.ofSize(size);
            assertThat(image.getWidth()).as(size + " px width").isEqualTo(size);
            assertThat(image.getHeight()).as(size + " px height").isEqualTo(size);
        }
        assertThat(AppIcons.windowIcons()).hasSize(7);
    }
}
