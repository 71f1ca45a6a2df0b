package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.app.AppInfo;

/**
 * What the About box says: the build's version (the jar manifest's
 * Implementation-Version, see {@link AppInfo}) and the runtime it runs on.
 */
record AboutInfo(String name, String version, String java, String javaFx, String runtimeHome) {

    /** The project page; the installers carry the same address ({@code --about-url}). */
    static final String ABOUT_URL = "https://nightjar.dev";

    static AboutInfo current() {
        return new AboutInfo(
                AppInfo.NAME,
                AppInfo.version(),
                Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")",
                // JavaFX sets this property when its toolkit starts; the About box only exists after that.
                System.getProperty("javafx.runtime.version", "unknown"),
                System.getProperty("java.home", "unknown"));
    }
}
