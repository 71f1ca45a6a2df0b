package dev.nightjar.desktop.ui.shell;

import dev.nightjar.desktop.stream.SensorAddress;
import java.nio.file.Path;

/** What the window opens with, from the command line: nothing, a bundle, or a sensor stream. */
public sealed interface StartWith {

    record Welcome() implements StartWith {
    }

    record Bundle(Path file) implements StartWith {
    }

    record Sensor(SensorAddress address, Path tokenFile) implements StartWith {
    }

    /** @throws IllegalArgumentException when the options do not go together */
    public static StartWith of(Path bundle, String sensor, Path tokenFile) {
        if (sensor != null) {
            if (bundle != null) {
                throw new IllegalArgumentException("open either a bundle or a sensor, not both");
            }
            if (tokenFile == null) {
                throw new IllegalArgumentException("--sensor needs --token-file");
            }
            return new Sensor(SensorAddress.parse(sensor), tokenFile);
        }
        if (tokenFile != null) {
            throw new IllegalArgumentException("--token-file goes with --sensor");
        }
        return bundle == null ? new Welcome() : new Bundle(bundle);
    }
}
