package dev.nightjar.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One external command, run to completion within a time limit, its output kept for messages. */
record Command(int exit, String output) {

    static Command run(Duration limit, String... command) {
        return run(limit, Map.of(), command);
    }

    static Command run(Duration limit, Map<String, String> env, String... command) {
        Path log = null;
        try {
            // Output goes to a file, not a pipe: a chatty command can never block on a full pipe.
            log = Files.createTempFile("nightjar-command", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Command(-1, "timed out after " + limit + ": " + String.join(" ", command) + "\n" + read(log));
            }
            return new Command(process.exitValue(), read(log));
        } catch (IOException e) {
            return new Command(-1, "could not run " + List.of(command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Command(-1, "interrupted while running " + List.of(command));
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    boolean ok() {
        return exit == 0;
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
