package dev.nightjar.desktop.e2e;

import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.shell.ShellViewModel;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.ConnectionState;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's shell as the live end-to-end tests drive it: a window on the shell, connected the
 * way a user connects to "a sensor on this machine", to {@code nightjar-sensor.jar serve} started
 * here (as root) and reached over gRPC on loopback.
 */
final class LiveShell {

    final ShellViewModel shell = new ShellViewModel(BackgroundTasks.withDaemonWorkers(Platform::runLater),
            Platform::runLater, StoreLimits.defaults());
    private LocalSensor sensor;

    /** The shell's window content, styled as the app styles it. FX thread. */
    Scene scene() {
        Scene scene = new Scene(new ShellView(shell), 1280, 800);
        ShellView.applyStyles(scene);
        return scene;
    }

    /** Starts the sensor, connects the shell to it with a token file in {@code dir}, and waits until it streams. */
    WorkbenchViewModel connect(FxRobot robot, Path dir) throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        sensor = LocalSensor.start(Requires.sensorJar(), Path.of(System.getProperty("java.home")));
        Path tokenFile = Files.createFile(dir.resolve("token"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, sensor.token());
        robot.interact(() -> shell.connectToSensor(sensor.address(), tokenFile));
        waitFor(60, "the session to stream", () -> shell.workbenchProperty().get() != null
                && shell.workbenchProperty().get().stateProperty().get() == ConnectionState.LIVE);
        return shell.workbenchProperty().get();
    }

    /** Closes the shell (and so its session), then stops the sensor. */
    void close(FxRobot robot) throws Exception {
        robot.interact(shell::close);
        if (sensor != null) {
            sensor.close();
        }
    }

    /** Waits for {@code condition}, asked on the FX thread (the tables' lists change there). */
    static void waitFor(int seconds, String what, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (TimeoutException e) {
            throw new TimeoutException("waited " + seconds + " s for " + what);
        }
    }
}
