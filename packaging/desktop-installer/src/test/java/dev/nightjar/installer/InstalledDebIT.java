package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.testing.InstallerTest;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import dev.nightjar.testing.UiTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The .deb as a new user meets it: installed with apt-get (so its dependencies resolve) on a
 * fresh minimal Debian 12 (a debootstrap'ed root; nothing else installed in it), where it
 * registers its desktop entry and the .njcap MIME type, opens its window, About box and the demo
 * capture, starts "Sensor on this machine" from the sensor it carries and streams from it, maps
 * no library its dependencies do not bring in, and leaves nothing behind after apt-get purge.
 *
 * <p>The X server, xdotool and ImageMagick run on the host (the root reaches the X socket
 * through a bind mount), so the root holds only Debian, the package and what apt pulled in.
 */
@KernelTest
@UiTest
@InstallerTest
class InstalledDebIT {

    private static final String SUITE = "bookworm";
    private static final String PACKAGE = "nightjar";
    private static final String LAUNCHER = "/opt/nightjar/bin/Nightjar";
    private static final String SENSOR_JAR = "/opt/nightjar/lib/sensor/nightjar-sensor.jar";
    private static final String DESKTOP_ENTRY = "/usr/share/applications/nightjar-Nightjar.desktop";
    private static final String MIME_PACKAGE = "/usr/share/mime/packages/nightjar-Nightjar-MimeInfo.xml";
    private static final String MIME_TYPE = "application/x-nightjar-capture";
    /** xdg-desktop-menu needs it; a minimal Debian has none, so the package's postinst makes it. */
    private static final String MENU_DIRECTORIES = "/usr/share/desktop-directories";
    /** Where the app unpacks natives from its own jars at run time: JavaFX's cache, netty's temp files. */
    private static final List<String> UNPACKED_NATIVES = List.of("/root/.openjfx/cache/", "/tmp/");
    private static final Duration APT_LIMIT = Duration.ofMinutes(10);

    private final Path dest = Path.of(System.getProperty("installer.dest"));
    private final Path shots = Path.of(System.getProperty("installer.screenshots"));
    private final String version = System.getProperty("installer.version");
    private final Path cache = Path.of(System.getProperty("installer.fresh.cache"));
    private final Path work = Path.of(System.getProperty("installer.fresh.work"));
    private final String mirror = System.getProperty("installer.debian.mirror");

    @Test
    void theDebInstallsWithAptOnAFreshDebianOpensItsWindowsStreamsFromItsSensorAndPurgesCleanly() throws Exception {
        Requires.root("debootstrap a Debian root, chroot into it and start the sensor");
        Requires.toolsFrom("debootstrap util-linux coreutils tar xvfb xdotool imagemagick",
                "debootstrap", "unshare", "nsenter", "chroot", "tar", "Xvfb", "xdotool", "import");
        Path deb = theBuiltDeb();
        Files.createDirectories(shots);
        Files.createDirectories(work);
        Path image = DebianRootImage.ensure(cache, SUITE, mirror);

        try (XvfbDisplay x = XvfbDisplay.start(shots.resolve("xvfb.log"));
             FreshRoot root = FreshRoot.unpack(image, work, SUITE, mirror, cache.resolve("apt"))) {
            assertThat(root.run(Duration.ofSeconds(20), "dpkg-query", "-W", PACKAGE).ok())
                    .as("the fresh root has no %s package before the test installs it", PACKAGE).isFalse();
            boolean menuDirectoryBefore = Files.isDirectory(root.path(MENU_DIRECTORIES));
            installWithApt(root, deb);
            assertInstalled(root);
            List<String> installedFiles = root.run(Duration.ofSeconds(20), "dpkg", "-L", PACKAGE).output().lines().toList();

            DebianPackages packages = DebianPackages.parse(root.run(Duration.ofSeconds(30),
                    "dpkg-query", "-W", "-f", DebianPackages.QUERY_FORMAT).output());
            Set<String> roots = new HashSet<>(packages.essential());
            roots.add(PACKAGE);
            Set<String> mayMap = packages.closure(roots);

            welcomeAboutAndDemo(root, x, mayMap);
            sensorOnThisMachine(root, x, mayMap);

            purgeLeavesNothing(root, installedFiles);
            if (!menuDirectoryBefore) {
                assertThat(root.path(MENU_DIRECTORIES)).as("the directory postinst made for xdg-desktop-menu,"
                        + " after purge").doesNotExist();
            }
        }
    }

    private Path theBuiltDeb() throws IOException {
        try (Stream<Path> files = Files.list(dest)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("nightjar_.*\\.deb")).toList();
            assertThat(debs).as(".deb built into %s by the package phase", dest).hasSize(1);
            return debs.getFirst();
        }
    }

    /** apt-get install ./nightjar_*.deb, without recommended packages: Depends alone must do. */
    private void installWithApt(FreshRoot root, Path deb) throws IOException {
        Command update = root.run(APT_LIMIT, "apt-get", "update");
        Files.writeString(shots.resolve("apt-get-update.log"), update.output());
        assertThat(update.ok()).as("apt-get update in the fresh root (mirror %s):%n%s", mirror, update.output()).isTrue();

        Path inRoot = root.path("/var/tmp/" + deb.getFileName());
        Files.copy(deb, inRoot, StandardCopyOption.REPLACE_EXISTING);
        // apt reads local packages as its unprivileged _apt user.
        Files.setPosixFilePermissions(inRoot, PosixFilePermissions.fromString("rw-r--r--"));
        Command install = root.run(APT_LIMIT, "apt-get", "install", "-y", "--no-install-recommends",
                "/var/tmp/" + deb.getFileName());
        Files.writeString(shots.resolve("apt-get-install.log"), install.output());
        assertThat(install.ok()).as("apt-get install %s in a fresh Debian root:%n%s", deb.getFileName(), install.output()).isTrue();
        // Downloads stay in the cache for the next run; obsolete versions do not pile up there.
        root.run(APT_LIMIT, "apt-get", "autoclean");
    }

    private void assertInstalled(FreshRoot root) throws IOException {
        assertThat(Files.isExecutable(root.path(LAUNCHER))).as("launcher %s", LAUNCHER).isTrue();
        assertThat(root.path(SENSOR_JAR)).as("the sensor the package carries").isRegularFile();

        List<String> entry = Files.readAllLines(root.path(DESKTOP_ENTRY));
        assertThat(entry).contains("Name=Nightjar", "Type=Application");
        // %f: the file manager hands the double-clicked .njcap to the launcher.
        assertThat(entry).contains("Exec=" + LAUNCHER + " %f");
        assertThat(entry).anyMatch(l -> l.startsWith("MimeType=") && l.contains(MIME_TYPE));
        String icon = entry.stream().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
        assertThat(root.path(icon)).as("the desktop entry's icon").exists();

        assertThat(Files.readString(root.path(MIME_PACKAGE))).contains("type=\"" + MIME_TYPE + "\"").contains("*.njcap");

        Command printed = root.run(Duration.ofSeconds(60), LAUNCHER, "--version");
        assertThat(printed.output()).as("installed launcher --version (exit %d)", printed.exit()).contains(version);
    }

    /** The window on the welcome screen, F1's About box, then Enter: the default button opens the demo. */
    private void welcomeAboutAndDemo(FreshRoot root, XvfbDisplay x, Set<String> mayMap) throws Exception {
        AppWindows windows = startApp(root, x, "installed-fresh-app.log");
        try {
            String main = windows.await("^Nightjar$");
            windows.screenshotOnceDrawn(main, shots.resolve("installed-fresh-welcome.png"));

            windows.press(main, "F1");
            String about = windows.await("^About Nightjar$");
            windows.screenshotOnceDrawn(about, shots.resolve("installed-fresh-about.png"));
            windows.press(about, "Escape");
            windows.awaitGone("^About Nightjar$");

            // Without a kubeconfig (a fresh system has none) the demo is the welcome screen's default button.
            windows.press(main, "Return");
            windows.await("^Demo capture: shop — Nightjar$");
            Thread.sleep(3000); // the views fill in after the title changes
            windows.screenshotOnceDrawn(main, shots.resolve("installed-fresh-demo.png"));

            assertMapsOnlyDeclaredLibraries(root, windows.app().pid(), "the app", mayMap);
        } finally {
            FreshRoot.stop(windows.app());
        }
    }

    /**
     * "Sensor on this machine" (fourth on the welcome screen: Tab three times from the first
     * button): the installed app starts the sensor it carries with its own runtime, as root on
     * the host's kernel (/sys is the host's), and streams from it.
     */
    private void sensorOnThisMachine(FreshRoot root, XvfbDisplay x, Set<String> mayMap) throws Exception {
        AppWindows windows = startApp(root, x, "installed-fresh-sensor.log");
        Process app = windows.app();
        try {
            String main = windows.await("^Nightjar$");
            windows.screenshotOnceDrawn(main, shots.resolve("installed-fresh-sensor-welcome.png"));
            windows.press(main, "Tab", "Tab", "Tab", "space");
            windows.await("^sensor on this machine — Nightjar$");

            ProcessHandle sensor = sensorProcess(app);
            assertThat(commandLine(sensor.pid())).as("the sensor the app started")
                    .startsWith("/opt/nightjar/lib/runtime/bin/java")
                    .containsSubsequence("-jar", SENSOR_JAR, "serve");
            awaitConnected(app.pid(), sensor.pid(), windows.appLog());
            Thread.sleep(5000); // a few seconds of the host's traffic on screen
            windows.screenshotOnceDrawn(main, shots.resolve("installed-fresh-sensor.png"));

            assertThat(MappedLibraries.in(maps(root, sensor.pid()))).as("libraries the sensor maps")
                    .anyMatch(path -> path.contains("/libbpf.so.1"));
            assertMapsOnlyDeclaredLibraries(root, sensor.pid(), "the sensor", mayMap);
            assertMapsOnlyDeclaredLibraries(root, app.pid(), "the app streaming from it", mayMap);
        } finally {
            FreshRoot.stop(app);
        }
    }

    /** The installed launcher, started in the root on the host's X display. */
    private AppWindows startApp(FreshRoot root, XvfbDisplay x, String logName) throws IOException {
        Path log = shots.resolve(logName);
        Process app = root.start(Map.of("DISPLAY", x.display()), log, LAUNCHER);
        return new AppWindows(x.display(), app, log);
    }

    private static ProcessHandle sensorProcess(Process app) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (ProcessHandle child : app.descendants().toList()) {
                if (commandLine(child.pid()).contains(SENSOR_JAR)) {
                    return child;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the app shows a local sensor but runs no process of " + SENSOR_JAR);
    }

    private static void awaitConnected(long app, long sensor, Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (TcpConnections.connected(app, sensor)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the app never connected to the sensor it started; its output:\n" + Files.readString(log));
    }

    private static List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(raw.split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }

    /** As the root sees it: paths inside the root, so dpkg there can say whose they are. */
    private static String maps(FreshRoot root, long pid) {
        Command maps = root.run(Duration.ofSeconds(20), "cat", "/proc/" + pid + "/maps");
        assertThat(maps.ok()).as("reading /proc/%d/maps in the root:%n%s", pid, maps.output()).isTrue();
        return maps.output();
    }

    /**
     * Every shared library PID maps is the package's own (or unpacked from its jars), or comes
     * from a package its Depends reach, or from an Essential package. Anything else would be
     * there on this root only by accident.
     */
    private void assertMapsOnlyDeclaredLibraries(FreshRoot root, long pid, String who, Set<String> mayMap) throws IOException {
        Set<String> mapped = MappedLibraries.in(maps(root, pid));
        assertThat(mapped).as("libraries %s maps", who).isNotEmpty();
        Files.write(shots.resolve("maps-" + who.replace(' ', '-') + ".txt"), mapped);
        List<String> query = new ArrayList<>(List.of("dpkg-query", "-S"));
        mapped.forEach(path -> query.addAll(LibraryProvenance.aliases(path)));
        // Exit status 1 when some path has no owner: those are judged below, not here.
        Command owners = root.run(Duration.ofSeconds(60), query.toArray(String[]::new));
        List<String> problems = LibraryProvenance.problems(mapped, LibraryProvenance.owners(owners.output()), mayMap,
                UNPACKED_NATIVES);
        assertThat(problems).as("libraries %s maps that the package does not declare (add them to"
                + " src/jpackage/linux-libraries.txt)", who).isEmpty();
    }

    private static void purgeLeavesNothing(FreshRoot root, List<String> installedFiles) throws IOException {
        Command purge = root.run(APT_LIMIT, "apt-get", "purge", "-y", PACKAGE);
        assertThat(purge.ok()).as("apt-get purge %s:%n%s", PACKAGE, purge.output()).isTrue();

        assertThat(root.run(Duration.ofSeconds(20), "dpkg-query", "-W", "-f", "${db:Status-Abbrev}", PACKAGE).output())
                .as("dpkg's record of %s after purge", PACKAGE).doesNotContain("ii").doesNotContain("rc");
        assertThat(root.path("/opt/nightjar")).as("install directory after purge").doesNotExist();
        assertThat(root.path(DESKTOP_ENTRY)).as("desktop entry after purge").doesNotExist();
        assertThat(root.path(MIME_PACKAGE)).as("MIME package after purge").doesNotExist();
        Path globs = root.path("/usr/share/mime/globs2");
        if (Files.exists(globs)) {
            assertThat(Files.readString(globs)).as("the MIME database after purge").doesNotContain("njcap");
        }
        List<String> leftOver = installedFiles.stream()
                .filter(f -> f.startsWith("/opt/nightjar"))
                .filter(f -> Files.exists(root.path(f)))
                .toList();
        assertThat(leftOver).as("files the package installed that are still there").isEmpty();
    }
}
