package dev.nightjar.sensor.cli;

/**
 * The sensor build's version: the jar manifest's Implementation-Version, which
 * the build writes for every package in the jar; "dev" when run from classes.
 * Read here, in the CLI layer, and handed to the server in its config.
 */
public final class SensorVersion {

    private SensorVersion() {
    }

    public static String current() {
        String v = SensorVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
