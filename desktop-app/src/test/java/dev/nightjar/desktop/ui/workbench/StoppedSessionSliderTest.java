package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.testing.UiTest;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@UiTest
class StoppedSessionSliderTest {

    private final CaptureStore store = CaptureFixtures.store();

    @Start
    void start(Stage stage) {
        WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "local sensor", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.attachLiveSource(() -> "stopped");
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aLiveSessionHasNoSliderUntilItIsStopped(FxRobot robot) {
        assertThat(robot.lookup("#time-slider").tryQuery()).isEmpty();
        robot.clickOn("#session-stop");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#time-slider").tryQuery()).isPresent();
        assertThat(robot.lookup("#replay-slider").tryQuery()).isPresent();
    }
}
