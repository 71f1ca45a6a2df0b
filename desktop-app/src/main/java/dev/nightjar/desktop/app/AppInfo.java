package dev.nightjar.desktop.app;

/** Name and version of this build, from the jar manifest ("dev" when run from classes). */
public final class AppInfo {

    public static final String NAME = "Nightjar";

    private AppInfo() {
    }

    public static String version() {
        String v = AppInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String nameAndVersion() {
        return NAME + " " + version();
    }
}
