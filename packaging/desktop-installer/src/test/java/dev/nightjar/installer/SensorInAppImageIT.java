package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.InstallerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The sensor the Linux app image carries for "Sensor on this machine": where the launcher tells
 * the app it is, that its Class-Path resolves to the app's own jars, and that the app's jlink'd
 * runtime runs it. (InstalledDebIT starts it from the installed package on a fresh Debian.)
 */
@InstallerTest
class SensorInAppImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("installer.dest"), "Nightjar");
    private static final Path JAR = IMAGE.resolve("lib/sensor/nightjar-sensor.jar");
    private static final String PROPERTY = "-Dnightjar.sensor.jar=";

    @Test
    void theLauncherPointsTheAppAtTheSensorJarBesideIt() throws IOException {
        Path appDir = IMAGE.resolve("lib/app");
        List<String> options = Files.readAllLines(appDir.resolve("Nightjar.cfg")).stream()
                .filter(l -> l.startsWith("java-options=" + PROPERTY))
                .map(l -> l.substring(("java-options=" + PROPERTY).length()))
                .toList();
        assertThat(options).as("the launcher's -Dnightjar.sensor.jar (LocalSensor.JAR_PROPERTY)").hasSize(1);
        // The launcher expands $APPDIR to its lib/app directory.
        Path pointedAt = Path.of(options.getFirst().replace("$APPDIR", appDir.toString())).normalize();
        assertThat(pointedAt).isEqualTo(JAR).isRegularFile();
    }

    @Test
    void everyClassPathEntryOfTheSensorJarIsOneOfTheAppsJars() throws IOException {
        String classPath;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        assertThat(classPath).as("Class-Path of %s", JAR).isNotBlank();
        List<String> missing = Arrays.stream(classPath.strip().split("\\s+"))
                .filter(entry -> !Files.isRegularFile(JAR.resolveSibling(entry)))
                .toList();
        assertThat(missing).as("Class-Path entries of the bundled sensor that lib/sensor/lib (-> ../app) lacks;"
                + " the sensor and the desktop must use the same versions").isEmpty();
        assertThat(JAR.resolveSibling("lib").toRealPath()).isEqualTo(IMAGE.resolve("lib/app").toRealPath());
    }

    @Test
    void theAppsRuntimeRunsTheSensor() {
        Command info = Command.run(Duration.ofMinutes(1), IMAGE.resolve("lib/runtime/bin/java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString(), "info");
        assertThat(info.ok()).as("the app's runtime running nightjar-sensor.jar info:%n%s", info.output()).isTrue();
        assertThat(info.output()).contains("kernel:", "btf:");
    }
}
