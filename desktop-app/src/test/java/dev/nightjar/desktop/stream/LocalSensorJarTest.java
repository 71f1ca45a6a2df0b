package dev.nightjar.desktop.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sensor jar "Sensor on this machine" starts: the installed app's, or a checkout's. */
class LocalSensorJarTest {

    @TempDir
    Path dir;

    private String before;

    @BeforeEach
    void clearProperty() {
        before = System.getProperty(LocalSensor.JAR_PROPERTY);
        System.clearProperty(LocalSensor.JAR_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(LocalSensor.JAR_PROPERTY);
        } else {
            System.setProperty(LocalSensor.JAR_PROPERTY, before);
        }
    }

    @Test
    void theInstalledLaunchersPropertyWinsOverTheWorkingDirectory() throws IOException {
        // As the launcher passes it: $APPDIR/../sensor/nightjar-sensor.jar, $APPDIR expanded.
        Path app = Files.createDirectories(dir.resolve("opt/nightjar/lib/app"));
        System.setProperty(LocalSensor.JAR_PROPERTY, app + "/../sensor/nightjar-sensor.jar");
        touch(dir.resolve("remote-sensor/target/nightjar-sensor.jar"));

        assertThat(LocalSensor.findJar(dir)).isEqualTo(dir.resolve("opt/nightjar/lib/sensor/nightjar-sensor.jar"));
    }

    @Test
    void withoutThePropertyACheckoutsBuildOutputIsFoundFromTheRootOrAModule() throws IOException {
        Path jar = touch(dir.resolve("remote-sensor/target/nightjar-sensor.jar"));
        Path module = Files.createDirectories(dir.resolve("desktop-app"));

        assertThat(LocalSensor.findJar(dir)).isEqualTo(jar);
        assertThat(LocalSensor.findJar(module)).isEqualTo(jar);
    }

    @Test
    void aSensorJarLyingInTheWorkingDirectoryIsNotStarted() throws IOException {
        touch(dir.resolve("nightjar-sensor.jar"));

        // The answer is the checkout path, which does not exist: start() then says how to build it.
        assertThat(LocalSensor.findJar(dir)).isEqualTo(dir.resolve("remote-sensor/target/nightjar-sensor.jar"));
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "jar");
    }
}
