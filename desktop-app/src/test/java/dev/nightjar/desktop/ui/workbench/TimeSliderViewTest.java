package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.desktop.ui.export.ExportDialog;
import dev.nightjar.desktop.ui.export.ExportViewModel;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.testing.UiTest;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@UiTest
class TimeSliderViewTest {

    private final CaptureStore store = CaptureFixtures.store();
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "replay.njcap", "Offline capture"),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void anOfflineCaptureHasASliderWhoseKeysAndPlayButtonMoveWhatTheFlowsTableShows(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flows");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#flows-table").queryAs(TableView.class);
        Slider slider = robot.lookup("#replay-slider").queryAs(Slider.class);
        assertThat(slider.getValue()).as("starts at the end: the whole capture").isEqualTo(1.0);
        assertThat(table.getItems()).hasSize(21);

        // Back to the start: at the first tick only flow 0 exists on each node.
        robot.interact(() -> slider.setValue(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(3);
        robot.clickOn(slider);
        robot.interact(() -> slider.setValue(0));
        robot.type(KeyCode.RIGHT, 10); // ten 1% steps of 39 ms: tick 3
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#replay-time").queryAs(Label.class).getText()).endsWith("UTC");
        assertThat(table.getItems()).hasSize(3 * 4);

        robot.clickOn("#replay-play");
        // 36 ms of capture left at 1x: the FX Timeline plays it to the end and stops by itself.
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> slider.getValue() == 1.0
                && robot.lookup("#replay-play").queryAs(Button.class).getText().equals("Play"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(21);
    }

    @Test
    void theExportDialogShowsNodesRedactionAndAnEstimate(FxRobot robot) {
        BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(Platform::runLater);
        try {
            ExportViewModel export = new ExportViewModel(store, tasks, Platform::runLater);
            robot.interact(() -> new ExportDialog(export, null).show());
            WaitForAsyncUtils.waitForFxEvents();
            // CaptureFixtures: 3 nodes × 40 ticks × 9 record kinds (requests, request stats and security events included).
            assertThat(robot.lookup("#export-estimate").queryAs(Label.class).getText()).startsWith("About 1,080 events");
            assertThat(robot.lookup("#export-node-node-b").queryAs(CheckBox.class).isDisabled())
                    .as("nodes are chosen only for a partial export").isTrue();
            robot.clickOn("#export-part");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup("#export-node-node-b").queryAs(CheckBox.class).isDisabled()).isFalse();
            robot.clickOn("#export-node-node-b");
            robot.clickOn("#export-hash-ips");
            robot.clickOn("#export-mask-literals");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(export.request().nodes()).containsExactlyInAnyOrder("node-a", "node-c");
            assertThat(export.request().redaction().hashAddresses()).isTrue();
            assertThat(export.request().redaction().maskRequestLiterals()).isTrue();
            assertThat(robot.lookup("#export-estimate").queryAs(Label.class).getText()).startsWith("About 720 events");
        } finally {
            tasks.close();
        }
    }
}
