package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What CI checks of the Linux installer: the built .deb installs with dpkg, registers its desktop
 * entry and the .njcap MIME type, the installed launcher opens the Nightjar window on a real X
 * server (Xvfb) and its About box, and dpkg -r takes every installed file away again.
 */
class InstalledDebIT {

    private static final String PACKAGE = "nightjar";
    private static final Path INSTALL_DIR = Path.of("/opt/nightjar");
    private static final Path LAUNCHER = INSTALL_DIR.resolve("bin/Nightjar");
    private static final Path DESKTOP_ENTRY = Path.of("/usr/share/applications/nightjar-Nightjar.desktop");
    private static final Path MIME_PACKAGE = Path.of("/usr/share/mime/packages/nightjar-Nightjar-MimeInfo.xml");
    private static final String MIME_TYPE = "application/x-nightjar-capture";
    private static final Duration WINDOW_LIMIT = Duration.ofSeconds(90);

    private final Path dest = Path.of(System.getProperty("installer.dest"));
    private final Path shots = Path.of(System.getProperty("installer.screenshots"));
    private final String version = System.getProperty("installer.version");

    @Test
    void theDebInstallsOpensItsWindowAndAboutBoxAndIsRemovedCleanly() throws Exception {
        InstallerTestSupport.requireRoot("install a .deb with dpkg");
        InstallerTestSupport.requireTools(List.of("dpkg", "Xvfb", "xdotool", "import"), "dpkg xvfb xdotool imagemagick");
        Path deb = theBuiltDeb();
        assertThat(Command.run(Duration.ofSeconds(20), "dpkg-query", "-W", "--showformat=${Status}", PACKAGE).output())
                .as("a '%s' package is already installed on this machine; this test will not replace it"
                        + " (remove it with dpkg -r %s to run the test)", PACKAGE, PACKAGE)
                .doesNotContain("install ok installed");
        if (!Files.isDirectory(Path.of("/usr/share/desktop-directories"))
                && !Files.isDirectory(Path.of("/usr/local/share/desktop-directories"))) {
            // The package's scripts call xdg-desktop-menu, which refuses to run without it.
            InstallerTestSupport.unavailable("this machine has no desktop menu directory (/usr/share/desktop-directories);"
                    + " a desktop provides it, on a headless machine create it (.ci/run does)");
        }
        Files.createDirectories(shots);

        List<String> installedFiles = List.of();
        Throwable failure = null;
        try {
            Command install = Command.run(Duration.ofMinutes(2), "dpkg", "-i", deb.toString());
            assertThat(install.ok()).as("dpkg -i %s:%n%s", deb, install.output()).isTrue();
            installedFiles = Command.run(Duration.ofSeconds(20), "dpkg", "-L", PACKAGE).output().lines().toList();

            assertThat(Files.isExecutable(LAUNCHER)).as("launcher %s", LAUNCHER).isTrue();
            assertDesktopEntryOpensCaptures();
            assertMimeTypeKnowsNjcap();

            Command printed = Command.run(Duration.ofSeconds(30), LAUNCHER.toString(), "--version");
            assertThat(printed.output()).as("installed launcher --version (exit %d)", printed.exit()).contains(version);

            startAndLookAtTheWindow();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // Always remove, and never let a failed removal hide why the test failed.
            Command remove = Command.run(Duration.ofMinutes(1), "dpkg", "-r", PACKAGE);
            Command purge = Command.run(Duration.ofMinutes(1), "dpkg", "--purge", PACKAGE);
            if (failure == null) {
                assertThat(remove.ok()).as("dpkg -r %s:%n%s", PACKAGE, remove.output()).isTrue();
                assertThat(purge.ok()).as("dpkg --purge %s:%n%s", PACKAGE, purge.output()).isTrue();
            } else if (!remove.ok() || !purge.ok()) {
                failure.addSuppressed(new AssertionError("and removing the package failed too:\n"
                        + remove.output() + purge.output()));
            }
        }

        assertThat(Command.run(Duration.ofSeconds(20), "dpkg-query", "-W", "--showformat=${Status}", PACKAGE).output())
                .as("dpkg status after dpkg -r and --purge").doesNotContain("ok installed").doesNotContain("config-files");
        assertThat(INSTALL_DIR).as("install directory after dpkg -r").doesNotExist();
        assertThat(DESKTOP_ENTRY).as("desktop entry after dpkg -r").doesNotExist();
        assertThat(MIME_PACKAGE).as("MIME package after dpkg -r").doesNotExist();
        List<String> leftOver = installedFiles.stream()
                .filter(f -> f.startsWith(INSTALL_DIR.toString()))
                .filter(f -> Files.exists(Path.of(f)))
                .toList();
        assertThat(leftOver).as("files the package installed that are still there").isEmpty();
    }

    private Path theBuiltDeb() throws IOException {
        try (Stream<Path> files = Files.list(dest)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("nightjar_.*\\.deb")).toList();
            assertThat(debs).as(".deb built into %s by the package phase", dest).hasSize(1);
            return debs.getFirst();
        }
    }

    private static void assertDesktopEntryOpensCaptures() throws IOException {
        assertThat(DESKTOP_ENTRY).as("desktop entry registered by the package").exists();
        List<String> entry = Files.readAllLines(DESKTOP_ENTRY);
        assertThat(entry).contains("Name=Nightjar", "Type=Application");
        // %f: the file manager hands the double-clicked .njcap to the launcher.
        assertThat(entry).contains("Exec=" + LAUNCHER + " %f");
        assertThat(entry).anyMatch(l -> l.startsWith("MimeType=") && l.contains(MIME_TYPE));
        String icon = entry.stream().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
        assertThat(Path.of(icon)).as("the desktop entry's icon").exists();
    }

    private static void assertMimeTypeKnowsNjcap() throws IOException {
        assertThat(MIME_PACKAGE).as("shared-mime-info package for .njcap").exists();
        String xml = Files.readString(MIME_PACKAGE);
        assertThat(xml).contains("type=\"" + MIME_TYPE + "\"").contains("*.njcap");
    }

    private void startAndLookAtTheWindow() throws Exception {
        try (XvfbDisplay x = XvfbDisplay.start(shots.resolve("xvfb.log"))) {
            Map<String, String> env = Map.of("DISPLAY", x.display());
            Path appLog = shots.resolve("installed-app.log");
            ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString())
                    .redirectErrorStream(true).redirectOutput(appLog.toFile());
            builder.environment().putAll(env);
            Process app = builder.start();
            try {
                String window = waitForWindow(env, "^Nightjar", app, appLog);
                screenshotOnceDrawn(x, window, shots.resolve("installed-app.png"));

                // F1 opens the About box; focus the window first (Xvfb runs no window manager).
                Command.run(Duration.ofSeconds(10), env, "xdotool", "windowfocus", "--sync", window);
                Command.run(Duration.ofSeconds(10), env, "xdotool", "key", "F1");
                String about = waitForWindow(env, "^About Nightjar$", app, appLog);
                screenshotOnceDrawn(x, about, shots.resolve("installed-about.png"));
            } finally {
                app.descendants().forEach(ProcessHandle::destroy);
                app.destroy();
                if (!app.waitFor(15, TimeUnit.SECONDS)) {
                    app.descendants().forEach(ProcessHandle::destroyForcibly);
                    app.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Polls xdotool until a window title matches, for at most WINDOW_LIMIT; returns its id. */
    private static String waitForWindow(Map<String, String> env, String titleRegex, Process app, Path appLog)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WINDOW_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the installed app exited (status " + app.exitValue()
                        + ") before a window titled " + titleRegex + " appeared; its output:\n" + Files.readString(appLog));
            }
            Command search = Command.run(Duration.ofSeconds(10), env, "xdotool", "search", "--onlyvisible", "--name", titleRegex);
            if (search.ok() && !search.output().isBlank()) {
                return search.output().lines().findFirst().orElseThrow().strip();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no window titled " + titleRegex + " within " + WINDOW_LIMIT
                + "; the app's output:\n" + Files.readString(appLog));
    }

    /**
     * A window is mapped before JavaFX paints it: screenshots the window until it shows more than
     * a flat colour (an unpainted window is one colour), for at most WINDOW_LIMIT.
     */
    private static void screenshotOnceDrawn(XvfbDisplay x, String window, Path png) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WINDOW_LIMIT.toNanos();
        int colours = 0;
        while (System.nanoTime() < deadline) {
            Command shot = Command.run(Duration.ofSeconds(30), "import", "-display", x.display(), "-window", window, png.toString());
            assertThat(shot.ok()).as("import -window %s:%n%s", window, shot.output()).isTrue();
            colours = distinctColours(png);
            if (colours > 20) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("window " + window + " still showed " + colours + " colour(s) after " + WINDOW_LIMIT
                + ": the window never drew; last screenshot " + png);
    }

    private static int distinctColours(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s decodes", png).isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
