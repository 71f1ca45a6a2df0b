package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * {@code observe} as the end-to-end tests run it against a sensor served in the same JVM: on a
 * thread of its own, ended by its own {@code --duration}, with what it printed and its exit code.
 */
final class ObserveRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
    private final Thread thread;

    private ObserveRun(List<String> args) {
        CommandLine observe = new CommandLine(new ObserveCommand());
        observe.setOut(new PrintWriter(out, true));
        observe.setErr(new PrintWriter(err, true));
        thread = Thread.ofPlatform().name("test-observe").start(() -> exit.set(observe.execute(args.toArray(String[]::new))));
    }

    /** A session token file as serve and observe require it (one line, owner-only). */
    static Path tokenFile(Path dir, String token) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** {@code serve} on a loopback port with the shipped collectors, kept running (no idle exit). */
    static RunningServe serve(Path tokenFile, String nodeName) {
        return RunningServe.start(new DefaultCollectorFactory(), "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--idle-exit", "0", "--node-name", nodeName);
    }

    /** Starts {@code observe --sensor 127.0.0.1:PORT --token-file FILE ARGS... --duration SECONDS}. */
    static ObserveRun start(int port, Path tokenFile, Duration duration, String... args) {
        List<String> all = new ArrayList<>(List.of("--sensor", "127.0.0.1:" + port, "--token-file", tokenFile.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--duration", duration.toSeconds() + "s"));
        return new ObserveRun(all);
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Waits up to {@code timeout} for observe to end by itself and checks it succeeded; its output lines. */
    List<String> awaitSuccess(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        assertThat(thread.isAlive()).as("observe ended at its duration").isFalse();
        assertThat(exit.get()).as("observe exit code; stderr: %s", err).isZero();
        return out.toString().lines().toList();
    }

    StringWriter out() {
        return out;
    }

    StringWriter err() {
        return err;
    }
}
