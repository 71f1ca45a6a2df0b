package dev.nightjar.desktop.session;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where this user's Nightjar settings live: {@code $XDG_CONFIG_HOME/nightjar} (else
 * {@code ~/.config/nightjar}) on Linux, {@code ~/Library/Application Support/Nightjar} on
 * macOS, {@code %APPDATA%\Nightjar} on Windows. The system property {@value #PROPERTY}
 * overrides it (tests, screenshots, a portable install).
 */
public final class UserConfigDir {

    public static final String PROPERTY = "nightjar.config.dir";

    private UserConfigDir() {
    }

    public static Path forThisUser() {
        return of(System.getProperty(PROPERTY), System.getProperty("os.name", ""), System.getProperty("user.home", "."),
                System.getenv());
    }

    static Path of(String override, String osName, String home, Map<String, String> env) {
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Nightjar");
        }
        if (os.contains("win") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "Nightjar");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "nightjar")
                : Path.of(home, ".config", "nightjar");
    }
}
