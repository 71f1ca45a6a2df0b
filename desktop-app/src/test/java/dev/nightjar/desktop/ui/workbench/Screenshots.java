package dev.nightjar.desktop.ui.workbench;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
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
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> shot.set(scene.snapshot(null))).get();
        WritableImage image = shot.get();
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", new File(DIR, name));
    }
}
