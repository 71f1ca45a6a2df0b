package dev.nightjar.desktop.ui.shell;

import java.util.Locale;
import java.util.Objects;
import java.util.prefs.Preferences;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;

/**
 * Applies the light or dark theme to a scene and remembers the choice for the next start
 * (java.util.prefs, per user). A preference that cannot be read or written leaves the app
 * in the light theme rather than failing.
 */
public final class ThemeSwitcher {

    static final String BASE_STYLESHEET = "/dev/nightjar/desktop/ui/nightjar.css";
    private static final String KEY = "theme";

    private final Preferences prefs;
    private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>();

    public ThemeSwitcher(Preferences prefs) {
        this.prefs = Objects.requireNonNull(prefs, "prefs");
        theme.set(saved());
    }

    /** The user's own preferences node for the desktop app. */
    public static ThemeSwitcher forUser() {
        return new ThemeSwitcher(Preferences.userRoot().node("dev/nightjar/desktop"));
    }

    private Theme saved() {
        try {
            return Theme.valueOf(prefs.get(KEY, Theme.LIGHT.name()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | IllegalStateException | SecurityException e) {
            return Theme.LIGHT;
        }
    }

    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    /** Puts the base sheet and the current theme's overlay on the scene, replacing any earlier theme. */
    public void applyTo(Scene scene) {
        String base = url(BASE_STYLESHEET);
        scene.getStylesheets().removeIf(s -> s.equals(base) || isOverlay(s));
        scene.getStylesheets().add(0, base);
        String overlay = theme.get().overlay();
        if (overlay != null) {
            scene.getStylesheets().add(1, url(overlay));
        }
    }

    /** Switches to the other theme on the scene and saves the choice. */
    public void toggle(Scene scene) {
        select(theme.get().other(), scene);
    }

    public void select(Theme next, Scene scene) {
        theme.set(next);
        try {
            prefs.put(KEY, next.name());
        } catch (IllegalStateException | SecurityException e) {
            // Not remembered; the switch itself still happens.
        }
        if (scene != null) {
            applyTo(scene);
        }
    }

    private static boolean isOverlay(String sheet) {
        for (Theme t : Theme.values()) {
            if (t.overlay() != null && sheet.equals(url(t.overlay()))) {
                return true;
            }
        }
        return false;
    }

    private static String url(String resource) {
        return Objects.requireNonNull(ThemeSwitcher.class.getResource(resource), resource).toExternalForm();
    }
}
