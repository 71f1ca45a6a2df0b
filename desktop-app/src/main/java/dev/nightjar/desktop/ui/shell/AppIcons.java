package dev.nightjar.desktop.ui.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * The application icon at its rendered sizes. The PNGs come from {@code icons/png}
 * (the build copies them onto the class path), so window, About box and installers
 * all show the same artwork.
 */
public final class AppIcons {

    /** Every size {@code icons/render.sh} writes. */
    public static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);

    private static final String RESOURCE = "/dev/nightjar/desktop/icons/nightjar-%d.png";

    private AppIcons() {
    }

    /** The sizes a window manager picks from for title bar, task switcher and dock. */
    public static List<Image> windowIcons() {
        List<Image> icons = new ArrayList<>();
        for (int size : List.of(16, 24, 32, 48, 64, 128, 256)) {
            icons.add(ofSize(size));
        }
        return icons;
    }

    public static Image ofSize(int size) {
        if (!SIZES.contains(size)) {
            throw new IllegalArgumentException("no " + size + " px icon is rendered; sizes are " + SIZES);
        }
        String path = RESOURCE.formatted(size);
        try (InputStream in = AppIcons.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the icon " + path + " is not on the class path;"
                        + " build desktop-app with Maven, which copies icons/png into its resources");
            }
            Image image = new Image(in);
            if (image.isError()) {
                throw new IllegalStateException("the icon " + path + " does not decode: " + image.getException());
            }
            return image;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the icon " + path + ": " + e.getMessage(), e);
        }
    }
}
