package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The windows of one running app on an X display, seen from outside as a person would:
 * found by title (xdotool), typed into, and photographed (ImageMagick's import).
 */
final class AppWindows {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    private final String display;
    private final Process app;
    private final Path appLog;

    AppWindows(String display, Process app, Path appLog) {
        this.display = display;
        this.app = app;
        this.appLog = appLog;
    }

    Process app() {
        return app;
    }

    Path appLog() {
        return appLog;
    }

    /** Polls until a visible window's title matches, for at most 90 s; returns its id. */
    String await(String titleRegex) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the app exited (status " + app.exitValue() + ") before a window titled "
                        + titleRegex + " appeared; its output:\n" + Files.readString(appLog));
            }
            Command search = xdotool("search", "--onlyvisible", "--name", titleRegex);
            if (search.ok() && !search.output().isBlank()) {
                return search.output().lines().findFirst().orElseThrow().strip();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no window titled " + titleRegex + " within " + LIMIT
                + "; the app's output:\n" + Files.readString(appLog));
    }

    /** Polls until no visible window's title matches any more, for at most 90 s. */
    void awaitGone(String titleRegex) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Command search = xdotool("search", "--onlyvisible", "--name", titleRegex);
            if (search.output().isBlank()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("a window titled " + titleRegex + " was still shown after " + LIMIT);
    }

    /** Focuses WINDOW (Xvfb runs no window manager) and types KEYS into it, e.g. "F1", "Tab". */
    void press(String window, String... keys) {
        Command focus = xdotool("windowfocus", "--sync", window);
        assertThat(focus.ok()).as("xdotool windowfocus %s:%n%s", window, focus.output()).isTrue();
        for (String key : keys) {
            // XTEST to the focused window: GTK ignores keys sent with xdotool key --window (synthetic).
            Command typed = xdotool("key", key);
            assertThat(typed.ok()).as("xdotool key %s:%n%s", key, typed.output()).isTrue();
        }
    }

    /**
     * A window is mapped before JavaFX paints it: screenshots WINDOW until it shows more than a
     * flat colour (an unpainted window is one colour), for at most 90 s.
     */
    void screenshotOnceDrawn(String window, Path png) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int colours = 0;
        while (System.nanoTime() < deadline) {
            Command shot = Command.run(Duration.ofSeconds(30), "import", "-display", display, "-window", window, png.toString());
            assertThat(shot.ok()).as("import -window %s:%n%s", window, shot.output()).isTrue();
            colours = distinctColours(png);
            if (colours > 20) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("window " + window + " still showed " + colours + " colour(s) after " + LIMIT
                + ": the window never drew; last screenshot " + png);
    }

    private Command xdotool(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "xdotool";
        System.arraycopy(args, 0, command, 1, args.length);
        return Command.run(Duration.ofSeconds(10), Map.of("DISPLAY", display), command);
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
