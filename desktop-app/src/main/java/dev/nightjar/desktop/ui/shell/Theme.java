package dev.nightjar.desktop.ui.shell;

/**
 * The app's look. The base stylesheet holds every class and the light colours; the dark theme
 * is a second sheet on top that only redefines the colour variables.
 */
public enum Theme {
    LIGHT("Light", null),
    DARK("Dark", "/dev/nightjar/desktop/ui/nightjar-dark.css");

    private final String title;
    private final String overlay;

    Theme(String title, String overlay) {
        this.title = title;
        this.overlay = overlay;
    }

    public String title() {
        return title;
    }

    /** The sheet added on top of the base one, or null for the base alone. */
    String overlay() {
        return overlay;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
