package dev.nightjar.desktop.ui.profile;

import dev.nightjar.desktop.profile.FrameCategory;
import javafx.scene.paint.Color;

/**
 * Frame colours: a hue per kind of code, a few shades within it picked by the
 * frame's name so neighbours differ and the same function keeps its colour.
 * Frames a search does not match fade towards the canvas background, which follows the
 * theme; labels are dark on light fills and light on dark ones.
 * All colours are made once per background; drawing only looks them up.
 */
final class FlameColors {

    static final int SHADES = 8;
    static final Color MATCH = Color.web("#d500f9");
    static final Color ELIDED = Color.web("#b0b0b0");
    static final Color ROOT = Color.web("#9e9e9e");
    static final Color TEXT = Color.web("#1a1a1a");
    static final Color LIGHT_TEXT = Color.web("#eef0f3");
    static final Color HOVER = Color.web("#000000");
    static final Color BACKGROUND = Color.web("#fafafa");

    private final Color background;
    private final Color[][] normal = new Color[FrameCategory.values().length][SHADES];
    private final Color[][] faded = new Color[FrameCategory.values().length][SHADES];

    FlameColors() {
        this(BACKGROUND);
    }

    /** @param background the canvas's background (the theme's), which unmatched frames fade towards */
    FlameColors(Color background) {
        this.background = background;
        for (FrameCategory category : FrameCategory.values()) {
            Color base = base(category);
            for (int s = 0; s < SHADES; s++) {
                double t = s / (double) (SHADES - 1);
                Color shade = Color.hsb(base.getHue() + (t - 0.5) * 16, base.getSaturation() * (0.75 + 0.25 * t),
                        Math.min(1, base.getBrightness() * (0.9 + 0.1 * t)));
                normal[category.ordinal()][s] = shade;
                faded[category.ordinal()][s] = shade.interpolate(background, 0.7);
            }
        }
    }

    Color background() {
        return background;
    }

    boolean dark() {
        return background.getBrightness() < 0.5;
    }

    /** Readable on {@code fill}: dark text on a light fill, light on a dark one. */
    static Color textOn(Color fill) {
        double luminance = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
        return luminance > 0.45 ? TEXT : LIGHT_TEXT;
    }

    /** The legend swatch of a kind. */
    static Color base(FrameCategory category) {
        return switch (category) {
            case KERNEL -> Color.web("#f29a38");   // orange
            case NATIVE -> Color.web("#e8604c");   // red
            case MANAGED -> Color.web("#5cb85c");  // green
            case UNKNOWN -> Color.web("#8fa9c4");  // grey-blue
            case PROCESS -> Color.web("#b9a6d9");  // lavender: not code, a process
        };
    }

    Color fill(FrameCategory category, int nameId, boolean fade) {
        int shade = Math.floorMod(nameId * 0x9E3779B1, SHADES);
        return (fade ? faded : normal)[category.ordinal()][shade];
    }
}
