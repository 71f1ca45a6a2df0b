package dev.nightjar.desktop.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;

/**
 * How long typed text takes to show in a page's filter or search box while the page is
 * under load. Keys come from outside the JVM, as a person's would: {@code xdotool key}
 * sends them through the X server to the focused window. The clock starts when xdotool
 * has exited (the key is then in the window's event queue) and stops when the box's
 * text changes on the FX thread. Space and Backspace alternate, so the filter itself
 * stays as it was.
 */
final class TypingProbe {

    private static final int MAX_KEYS = 1_000;
    private final long[] latencies = new long[MAX_KEYS];
    private int keys;
    private int missed;
    private volatile long changedAt;

    /** The page's filter or search box: style class {@code page-search}, or the ids older builds used. */
    static Optional<TextInputControl> searchBox(Scene scene) {
        for (String selector : new String[] {".page-search", "#flows-filter", "#flame-search"}) {
            for (Node n : scene.getRoot().lookupAll(selector)) {
                if (n instanceof TextInputControl box && box.getScene() != null && box.isVisible()) {
                    return Optional.of(box);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Types into {@code box}, if there is one, while the caller sleeps {@code seconds} (a key every
     * 250 ms, given 200 ms before the next), on a daemon thread; then waits for that thread.
     *
     * @return the probe, or null when there was no box
     */
    static TypingProbe typeWhile(Optional<TextInputControl> box, String windowTitle, int seconds)
            throws InterruptedException {
        if (box.isEmpty()) {
            Thread.sleep(seconds * 1_000L);
            return null;
        }
        TypingProbe typing = new TypingProbe();
        int keys = (int) (seconds * 1_000L / 250);
        Thread typist = Thread.ofPlatform().name("bench-typist").daemon(true).start(() -> {
            try {
                typing.type(box.get(), windowTitle, keys, 200);
            } catch (Exception e) {
                System.err.println("typing failed: " + e);
            }
        });
        Thread.sleep(seconds * 1_000L);
        typist.join(30_000);
        return typing;
    }

    /**
     * Types {@code count} keys, one every {@code everyMs}, into {@code box} of the window titled
     * {@code windowTitle}; each is given up to 10 s to show.
     */
    void type(TextInputControl box, String windowTitle, int count, long everyMs) throws Exception {
        FxFrameProbe.onFx(() -> {
            box.requestFocus();
            box.textProperty().addListener((obs, old, now) -> changedAt = System.nanoTime());
        });
        run("xdotool", "search", "--sync", "--name", windowTitle, "windowfocus", "--sync");
        for (int i = 0; i < count && keys < MAX_KEYS; i++) {
            changedAt = 0;
            run("xdotool", "key", i % 2 == 0 ? "space" : "BackSpace");
            long sent = System.nanoTime();
            long deadline = sent + TimeUnit.SECONDS.toNanos(10);
            while (changedAt == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (changedAt == 0) {
                missed++;
            } else {
                latencies[keys++] = Math.max(0, changedAt - sent);
            }
            Thread.sleep(everyMs);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 20 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    int keys() {
        return keys;
    }

    /** Keys whose text never showed within 10 s. */
    int missed() {
        return missed;
    }

    double quantileMs(double q) {
        if (keys == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, keys);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
    }
}
