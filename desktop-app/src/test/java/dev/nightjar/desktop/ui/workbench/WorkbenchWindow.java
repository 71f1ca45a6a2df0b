package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.ui.shell.ShellView;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** The pages' TestFX tests: a workbench in a styled window, and a bounded wait for its background work. */
public final class WorkbenchWindow {

    private WorkbenchWindow() {
    }

    /** Shows {@code vm}'s workbench (no export, stop or close) in {@code stage}, styled as the app styles it. */
    public static void show(Stage stage, WorkbenchViewModel vm, int width, int height) {
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), width, height);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        // The stage is shared by every TestFX class: one that set its width (FlameGraphViewTest: 900)
        // would otherwise leave later pages narrower than they ask for.
        stage.sizeToScene();
        stage.show();
    }

    /** Waits at most 10 s for {@code condition} (a page's build on its background thread), then for the FX queue. */
    public static void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
