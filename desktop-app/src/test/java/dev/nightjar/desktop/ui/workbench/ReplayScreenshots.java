package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.desktop.ui.export.ExportDialog;
import dev.nightjar.desktop.ui.export.ExportViewModel;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.testing.UiTest;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a check: writes screenshots of the replay bar and the export dialog for a person to
 * look at, when run with {@code -Dnightjar.screenshots=DIR}; skipped otherwise.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class ReplayScreenshots {

    private final CaptureStore store = CaptureFixtures.store();
    private Scene scene;

    @Start
    void start(Stage stage) {
        WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(false, "incident-4211.njcap",
                "Offline capture from 2025-11-24 16:00:00 UTC on node-a, node-b, node-c"),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    @EnabledIfSystemProperty(named = "nightjar.screenshots", matches = ".+",
            disabledReason = "screenshots only with -Dnightjar.screenshots=DIR")
    void writeScreenshots(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flows");
        robot.interact(() -> robot.lookup("#replay-slider").queryAs(Slider.class).setValue(0.5));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(scene, "replay-slider.png");

        BackgroundTasks tasks = BackgroundTasks.withDaemonWorkers(Platform::runLater);
        try {
            AtomicReference<ExportDialog> dialog = new AtomicReference<>();
            robot.interact(() -> {
                dialog.set(new ExportDialog(new ExportViewModel(store, tasks, Platform::runLater), scene.getWindow()));
                dialog.get().show();
            });
            robot.clickOn("#export-part");
            robot.clickOn("#export-hash-ips");
            WaitForAsyncUtils.waitForFxEvents();
            Window window = dialog.get().getDialogPane().getScene().getWindow();
            Screenshots.save(window.getScene(), "export-dialog.png");
        } finally {
            tasks.close();
        }
    }
}
