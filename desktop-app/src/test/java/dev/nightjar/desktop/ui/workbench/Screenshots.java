package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.ui.util.ScenePng;
import java.io.File;
import javafx.scene.Scene;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Screenshots for a person to look at, written only when the run names a folder with
 * {@code -Dnightjar.screenshots=DIR} (tests that take them are skipped or skip this otherwise).
 */
public final class Screenshots {

    /** The folder, or null when the run takes no screenshots. */
    public static final String DIR = System.getProperty("nightjar.screenshots");

    private Screenshots() {
    }

    /** Writes {@code scene} as {@code DIR/name}; does nothing without a folder. */
    public static void save(Scene scene, String name) throws Exception {
        if (DIR == null || DIR.isBlank()) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        ScenePng.write(scene, new File(DIR, name));
    }
}
