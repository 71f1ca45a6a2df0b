package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jlink module list in the pom is fixed and reviewed; this checks it still covers what
 * jdeps finds the app's jars need (and the sensor jar the Linux package carries, which runs on
 * the same runtime), so a new dependency that needs another JDK module fails the build here
 * instead of failing on a user's machine.
 */
class RuntimeModulesIT {

    @Test
    void theJlinkModulesReachEveryModuleJdepsFindsInTheAppsJars() throws IOException, InterruptedException {
        Path input = Path.of(System.getProperty("installer.input"));
        List<String> jars;
        try (Stream<Path> files = Files.list(input)) {
            jars = files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).as("jars copied into %s", input)
                .anyMatch(j -> j.endsWith(System.getProperty("installer.main.jar")));
        // The Linux package's sensor runs on the same runtime (its Class-Path is the app's jars).
        Path sensor = Path.of(System.getProperty("installer.sensor"), "nightjar-sensor.jar");
        assertThat(sensor).as("the sensor jar copied for the Linux package").isRegularFile();
        jars = new ArrayList<>(jars);
        jars.add(sensor.toString());

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jdeps").toString(),
                "--print-module-deps", "--ignore-missing-deps", "--multi-release", "25", "-q",
                "--class-path", input + "/*"));
        command.addAll(jars);
        Process jdeps = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jdeps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(jdeps.waitFor(5, TimeUnit.MINUTES)).as("jdeps finished").isTrue();
        assertThat(jdeps.exitValue()).as("jdeps exit status; output:%n%s", out).isZero();
        String lastLine = out.lines().reduce((a, b) -> b).orElse("");
        Set<String> needed = Arrays.stream(lastLine.split(",")).map(String::strip).collect(Collectors.toSet());
        assertThat(needed).as("jdeps' answer").contains("java.base");

        Set<String> listed = Set.of(System.getProperty("installer.jlink.modules").split(","));
        Set<String> runtime = Configuration.empty()
                .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), listed)
                .modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertThat(runtime).as("modules the jlink'd runtime holds (the pom's list and what it requires)")
                .containsAll(needed);
    }
}
