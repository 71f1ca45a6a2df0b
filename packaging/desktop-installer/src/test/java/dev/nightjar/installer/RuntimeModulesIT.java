package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlink module list in the pom is fixed and reviewed; this checks it still covers what
 * jdeps finds the app's jars need (and the sensor jar the Linux package carries, which runs on
 * the same runtime), so a new dependency that needs another JDK module fails the build here
 * instead of failing on a user's machine.
 */
class RuntimeModulesIT {

    @TempDir
    Path modulePath;

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
                "--module-path", requiredModules(jars, modulePath).toString(),
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

    /**
     * A directory of links to the jars that the explicit modules among {@code jars} require. jdeps
     * resolves a module's {@code requires} on the module path only, never on the class path:
     * without this, OkHttp's okhttp3 module (which requires the automatic module okio) stops it
     * with "Module okio not found". Only required jars go there: the whole directory would not
     * do, as two unrelated jars there derive the same automatic name ("annotations").
     */
    static Path requiredModules(List<String> jars, Path dir) throws IOException {
        Map<String, Path> byName = new HashMap<>();
        Set<String> required = new TreeSet<>();
        for (String jar : jars) {
            Path path = Path.of(jar);
            try {
                for (ModuleReference module : ModuleFinder.of(path).findAll()) {
                    byName.putIfAbsent(module.descriptor().name(), path);
                    if (!module.descriptor().isAutomatic()) {
                        module.descriptor().requires().forEach(r -> required.add(r.name()));
                    }
                }
            } catch (FindException noModuleName) {
                // A jar whose file name makes no module name: no module can require it.
            }
        }
        for (String name : required) {
            Path jar = byName.get(name);
            if (jar != null) {
                Files.createSymbolicLink(dir.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return dir;
    }
}
