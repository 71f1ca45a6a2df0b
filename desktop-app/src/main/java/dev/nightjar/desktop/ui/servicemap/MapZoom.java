package dev.nightjar.desktop.ui.servicemap;

import java.util.Locale;

/**
 * The map's zoom steps, as a drawing program has them: in and out by a fixed factor, free
 * steps for Ctrl+scroll, and "fit" (the whole map in the view, never larger than 100 %). Always
 * between {@link #MIN} and {@link #MAX}. No JavaFX here.
 */
final class MapZoom {

    static final double MIN = 0.1;
    static final double MAX = 4;
    /** One press of + or −. */
    static final double STEP = 1.25;

    private MapZoom() {
    }

    static double in(double zoom) {
        return by(zoom, STEP);
    }

    static double out(double zoom) {
        return by(zoom, 1 / STEP);
    }

    /** {@code zoom} times {@code factor}, within bounds; a factor that is not a positive number changes nothing. */
    static double by(double zoom, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            return clamp(zoom);
        }
        return clamp(zoom * factor);
    }

    /**
     * The zoom that shows a map of {@code mapWidth} × {@code mapHeight} whole in a view of
     * {@code viewWidth} × {@code viewHeight}; 1 when the map fits as it is, or when there is no
     * map or no view yet.
     */
    static double fit(double viewWidth, double viewHeight, double mapWidth, double mapHeight) {
        if (!(mapWidth > 0) || !(mapHeight > 0) || !(viewWidth > 0) || !(viewHeight > 0)) {
            return 1;
        }
        return clamp(Math.min(1, Math.min(viewWidth / mapWidth, viewHeight / mapHeight)));
    }

    /** "125 %". */
    static String percent(double zoom) {
        return String.format(Locale.ROOT, "%.0f %%", zoom * 100);
    }

    private static double clamp(double zoom) {
        return Math.clamp(zoom, MIN, MAX);
    }
}
