package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.ui.shell.ShellView;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** The pages' TestFX tests: a workbench in a styled window, and a bounded wait for its background work. */
public final class WorkbenchWindow {

    private WorkbenchWindow() {
    }

    /** Shows {@code vm}'s workbench (no export, stop or close) in {@code stage}, styled as the app styles it. */
    public static void show(Stage stage, WorkbenchViewModel vm, int width, int height) {
        show(stage, new WorkbenchView(vm, () -> { }, () -> { }), width, height);
    }

    /** Shows {@code root} (a workbench, or the whole shell) in {@code stage}, styled as the app styles it. */
    public static void show(Stage stage, Parent root, int width, int height) {
        Scene scene = new Scene(root, width, height);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        // TestFX hands every test class the same stage; once shown, a window keeps the size an
        // earlier test gave it unless told, and a narrower one leaves right-hand columns unbuilt.
        stage.sizeToScene();
        // Nor one partly off the (headless) screen, where the robot's clicks miss (RequestsViewTest's
        // Show its flow, after FlameGraphViewTest moved its narrowed window).
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    /** Waits at most 10 s for {@code condition} (a page's build on its background thread), then for the FX queue. */
    public static void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
