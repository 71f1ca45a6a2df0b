package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.server.CollectorFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** {@code serve} run through picocli on a background thread, its stdout and stderr captured. */
final class RunningServe implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final ServeCommand command;
    private final Thread thread;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);

    private RunningServe(CollectorFactory factory, String... args) {
        command = new ServeCommand(factory);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        thread = Thread.ofPlatform().name("test-serve").start(() -> exitCode.set(cli.execute(args)));
    }

    static RunningServe start(CollectorFactory factory, String... args) {
        return new RunningServe(factory, args);
    }

    /** The port from the "listening on" line. */
    int awaitPort(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && thread.isAlive()) {
            Matcher m = LISTENING.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(10);
        }
        Matcher m = LISTENING.matcher(out.toString());
        assertThat(m.find()).as("'listening on' printed; stdout=%s stderr=%s", out, err).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The exit code, or fails if serve is still running at the deadline. */
    int awaitExit(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        assertThat(thread.isAlive()).as("serve ended within %s", timeout).isFalse();
        return exitCode.get();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try {
            while (thread.isAlive() && System.nanoTime() < deadline) {
                command.shutdown();
                thread.join(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
