package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.InstallerTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Linux packages' dependencies are src/jpackage/linux-libraries.txt; this checks that list
 * against the app image the packages are made of, so it cannot drift when JavaFX, the JDK or a
 * native library in a jar changes: every library the image needs or opens by name is listed,
 * every listed library is still needed, and the built .deb and .rpm declare all of them.
 */
@InstallerTest
class PackageDependenciesIT {

    private static final Path DEST = Path.of(System.getProperty("installer.dest"));
    private static final Path LIST = Path.of(System.getProperty("installer.libraries"));

    private static AppImageLibraries image;
    private static LibraryList list;

    @BeforeAll
    static void scan() throws IOException {
        Path appImage = DEST.resolve("Nightjar");
        assertThat(appImage.resolve("bin/Nightjar")).as("the app image the package phase builds").exists();
        image = AppImageLibraries.scan(appImage);
        list = LibraryList.read(LIST);
    }

    @Test
    void theScanSeesTheRuntimeTheJavaFxNativesAndTheSensor() {
        // If these are not found the scan is blind, and the checks below would pass on nothing.
        assertThat(image.needed).as("DT_NEEDED of the image's ELF files")
                .containsKeys("libc.so.6", "libX11.so.6", "libgtk-3.so.0", "libasound.so.2");
        assertThat(image.needed.get("libgtk-3.so.0")).anyMatch(where -> where.contains("javafx-graphics"));
        assertThat(image.named).as("library names in the code").containsKey("libbpf.so.1");
        assertThat(image.named.get("libbpf.so.1")).anyMatch(where -> where.contains("nightjar-sensor.jar"));
    }

    @Test
    void everyLibraryTheImageNeedsHasAPackageInTheList() {
        List<String> missing = new ArrayList<>();
        image.needed.forEach((soname, where) -> {
            LibraryList.Entry entry = list.entries().get(soname);
            if (entry == null || entry.debianPackage().isEmpty()) {
                missing.add(soname + " (DT_NEEDED of " + String.join(", ", where) + ")"
                        + (entry == null ? "" : ": listed with '-', but a needed library must have a package"));
            }
        });
        assertThat(missing).as("libraries the app image needs that %s gives no package for", LIST).isEmpty();
    }

    @Test
    void everyLibraryTheCodeOpensByNameIsListed() {
        List<String> missing = image.named.entrySet().stream()
                .filter(e -> !list.entries().containsKey(e.getKey()))
                .map(e -> e.getKey() + " (named in " + String.join(", ", e.getValue()) + ")")
                .toList();
        assertThat(missing).as("libraries the app's code opens by name that %s does not list (with a"
                + " package, or '-' and why it is not needed)", LIST).isEmpty();
    }

    @Test
    void everyListedLibraryIsStillNeededOrNamed() {
        Set<String> found = new TreeSet<>(image.needed.keySet());
        found.addAll(image.named.keySet());
        assertThat(list.entries().keySet()).as("libraries %s lists that the app image no longer needs or names"
                + " (remove them)", LIST).isSubsetOf(found);
    }

    @Test
    void theDebDependsOnEveryListedPackage() throws IOException {
        Path deb = theOnly("nightjar_.*\\.deb");
        Command depends = Command.run(Duration.ofSeconds(30), "dpkg-deb", "--field", deb.toString(), "Depends");
        assertThat(depends.ok()).as("dpkg-deb --field %s Depends:%n%s", deb, depends.output()).isTrue();
        Set<String> declared = names(depends.output());
        assertThat(declared).as("Depends of %s", deb.getFileName()).containsAll(list.debianPackages()).contains("xdg-utils");
    }

    @Test
    void theRpmRequiresEveryListedLibrary() throws IOException {
        if (Requires.underCi() || exists("nightjar-.*\\.rpm")) {
            Requires.toolsFrom("rpm", "rpm");
            Path rpm = theOnly("nightjar-.*\\.rpm");
            Command requires = Command.run(Duration.ofSeconds(30), "rpm", "--query", "--requires", "--package", rpm.toString());
            assertThat(requires.ok()).as("rpm -qp --requires %s:%n%s", rpm, requires.output()).isTrue();
            Set<String> declared = requires.output().lines().map(String::strip).collect(Collectors.toSet());
            assertThat(declared).as("Requires of %s", rpm.getFileName()).containsAll(list.rpmCapabilities()).contains("xdg-utils");
        } else {
            Requires.unavailable("no .rpm was built (-Dinstaller.rpm.skip=true?)");
        }
    }

    /** "a (>= 1), b | c" → {a, b, c}. */
    private static Set<String> names(String dependsField) {
        return Arrays.stream(dependsField.strip().split("[,|]"))
                .map(d -> d.strip().replaceAll("\\s*\\(.*$", ""))
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean exists(String regex) throws IOException {
        try (Stream<Path> files = Files.list(DEST)) {
            return files.anyMatch(f -> f.getFileName().toString().matches(regex));
        }
    }

    private static Path theOnly(String regex) throws IOException {
        try (Stream<Path> files = Files.list(DEST)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches(regex)).toList();
            assertThat(found).as("%s built into %s", regex, DEST).hasSize(1);
            return found.getFirst();
        }
    }
}
