package dev.nightjar.desktop.ui.profile;

/** Where the root row goes: at the bottom (flame graph) or at the top (icicle). */
public enum FlameLayoutMode {
    FLAME("Flame"),
    ICICLE("Icicle");

    private final String title;

    FlameLayoutMode(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
