package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.UiTest;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The shell's theme toggle on a real window; preferences in a throwaway node, removed afterwards. */
@ExtendWith(ApplicationExtension.class)
@UiTest
class ThemeSwitcherTest {

    private final Preferences prefs = Preferences.userRoot().node("dev/nightjar/test-" + UUID.randomUUID());
    private Scene scene;

    @Start
    void start(Stage stage) {
        ShellViewModel viewModel = new ShellViewModel(
                dev.nightjar.desktop.ui.util.BackgroundTasks.withDaemonWorkers(javafx.application.Platform::runLater),
                javafx.application.Platform::runLater, dev.nightjar.desktop.capture.StoreLimits.defaults());
        scene = new Scene(new ShellView(viewModel, new ThemeSwitcher(prefs)), 1024, 640);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private boolean dark() {
        return scene.getStylesheets().stream().anyMatch(s -> s.endsWith("/nightjar-dark.css"));
    }

    @Test
    void ctrlShiftLSwitchesTheStylesheetAndTheChoiceIsRemembered(FxRobot robot) {
        assertThat(scene.getStylesheets()).singleElement().asString().endsWith("/nightjar.css");
        Region statusBar = robot.lookup(".status-bar").queryAs(Region.class);
        javafx.scene.paint.Paint lightBar = statusBar.getBackground().getFills().getFirst().getFill();

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.L).release(KeyCode.L, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dark()).isTrue();
        assertThat(scene.getStylesheets().getFirst()).endsWith("/nightjar.css");
        assertThat(statusBar.getBackground().getFills().getFirst().getFill()).as("colours changed")
                .isNotEqualTo(lightBar);
        assertThat(prefs.get("theme", "")).isEqualTo("DARK");
        assertThat(new ThemeSwitcher(prefs).themeProperty().get()).as("next start").isEqualTo(Theme.DARK);
        assertThat(robot.lookup("#theme-toggle").queryAs(Button.class).getText()).isEqualTo("Light theme");

        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dark()).isFalse();
        assertThat(prefs.get("theme", "")).isEqualTo("LIGHT");
    }

    @Test
    void anUnreadablePreferenceMeansTheLightTheme() {
        prefs.put("theme", "purple");
        assertThat(new ThemeSwitcher(prefs).themeProperty().get()).isEqualTo(Theme.LIGHT);
    }
}
