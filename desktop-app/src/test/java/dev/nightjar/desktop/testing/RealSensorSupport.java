package dev.nightjar.desktop.testing;

import dev.nightjar.desktop.stream.LocalSensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that start the real sensor on this machine: they need root and the sensor jar
 * of the same build. Without them a test is skipped with the reason — except under
 * {@code CI=true}, where it must run and so fails instead.
 */
public final class RealSensorSupport {

    private RealSensorSupport() {
    }

    /** The sensor jar built by this reactor, after checking the test may start it. */
    public static Path requireSensor() {
        Path jar = Path.of("..", "remote-sensor", "target", "nightjar-sensor.jar").toAbsolutePath().normalize();
        requireOrFailUnderCi(LocalSensor.isRoot(), "needs root to start a sensor (it loads eBPF programs)");
        requireOrFailUnderCi(Files.isRegularFile(jar), "needs " + jar + " (./mvnw -pl remote-sensor -am package)");
        return jar;
    }

    public static void requireOrFailUnderCi(boolean condition, String reason) {
        if (!condition) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true requires this test to run, but it " + reason);
            }
            Assumptions.abort(reason);
        }
    }
}
