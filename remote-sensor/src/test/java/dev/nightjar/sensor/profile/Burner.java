package dev.nightjar.sensor.profile;

import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.testing.Requires;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The C burner (test resource profile/nj_burner.c), compiled once per test run into a
 * temp dir with frame pointers and without PIE, and the address ranges of its
 * nj_* functions from {@code nm}, so a test can tell which function an unnamed user
 * frame ({@code [unknown]+0xADDRESS}) is in.
 */
public final class Burner {

    public static final List<String> CHAIN = List.of("nj_outer", "nj_middle", "nj_inner_spin");

    private final Path binary;
    private final Map<String, long[]> ranges;

    private Burner(Path binary, Map<String, long[]> ranges) {
        this.binary = binary;
        this.ranges = ranges;
    }

    /** Compiles with gcc or clang; skips (fails under CI) when neither is there. */
    public static Burner compile(Path dir) throws IOException {
        String compiler = Files.isExecutable(Path.of("/usr/bin/gcc")) ? "/usr/bin/gcc"
                : Files.isExecutable(Path.of("/usr/bin/clang")) ? "/usr/bin/clang" : null;
        if (compiler == null || !Files.isExecutable(Path.of("/usr/bin/nm"))) {
            Requires.unavailable("the profiler tests compile a C burner: install gcc (or clang) and binutils");
        }
        Path source = dir.resolve("nj_burner.c");
        try (InputStream in = Burner.class.getResourceAsStream("/profile/nj_burner.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("nj_burner");
        Commands.run(List.of(compiler, "-O0", "-fno-omit-frame-pointer", "-g", "-no-pie", "-o", binary.toString(),
                source.toString()));
        return new Burner(binary, functionRanges(binary));
    }

    /** [start, end) of every text symbol, end being the next symbol's start. */
    private static Map<String, long[]> functionRanges(Path binary) {
        String[] lines = Commands.run(List.of("/usr/bin/nm", "-n", "--defined-only", binary.toString())).split("\n");
        Map<String, long[]> ranges = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String[] parts = lines[i].trim().split("\\s+");
            if (parts.length != 3 || !parts[2].startsWith("nj_")) {
                continue;
            }
            long start = Long.parseUnsignedLong(parts[0], 16);
            long end = i + 1 < lines.length ? Long.parseUnsignedLong(lines[i + 1].trim().split("\\s+")[0], 16) : start + 4096;
            ranges.put(parts[2], new long[] {start, end});
        }
        if (!ranges.keySet().containsAll(CHAIN)) {
            throw new IllegalStateException("nm does not list " + CHAIN + " in " + binary + ": " + ranges.keySet());
        }
        return ranges;
    }

    /** Starts the burner for {@code seconds} and waits until it runs its chain. */
    public Process start(double seconds) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), Double.toString(seconds))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"burning".equals(first)) {
            process.destroyForcibly();
            throw new IllegalStateException("the burner did not start: " + first);
        }
        return process;
    }

    public static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether a frame is in {@code function}: by name when the symbolizer named it, by
     * address when it is an unnamed {@code [unknown]+0xADDRESS} frame.
     */
    public boolean isIn(String frameName, String function) {
        if (isNamed(frameName, function)) {
            return true;
        }
        if (!frameName.startsWith("[unknown]+0x")) {
            return false;
        }
        long address = Long.parseUnsignedLong(frameName.substring("[unknown]+0x".length()), 16);
        long[] range = ranges.get(function);
        // A return address points just past the call: still inside the caller for a call that is not last.
        return range != null && address >= range[0] && address < range[1];
    }

    /** "fn", or "fn" followed by an offset, a module or arguments: "fn+0x1a", "fn [nj_burner]", "fn()". */
    public static boolean isNamed(String frameName, String function) {
        if (!frameName.startsWith(function)) {
            return false;
        }
        if (frameName.length() == function.length()) {
            return true;
        }
        char next = frameName.charAt(function.length());
        return next == '+' || next == ' ' || next == '(';
    }

    public static void waitFor(Process process, long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the burner did not end within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}
