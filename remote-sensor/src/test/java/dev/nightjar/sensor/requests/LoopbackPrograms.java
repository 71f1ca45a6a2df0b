package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs real clients and servers on loopback for the parser tests; every wait is bounded. */
final class LoopbackPrograms {

    private LoopbackPrograms() {
    }

    /** A server process, stopped (and reaped) on close. */
    record Daemon(Process process, Path log) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code command} with its output in {@code log} and waits until it accepts on {@code port}. */
    static Daemon start(Path log, int port, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon daemon = new Daemon(p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError(command[0] + " exited with " + p.exitValue() + ": " + java.nio.file.Files.readString(log));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return daemon;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        daemon.close();
        throw new AssertionError(command[0] + " did not listen on port " + port + " within 30 s");
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Runs a client to its end; its exit status must be {@code expectedExit}. */
    static String run(int expectedExit, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = readAll(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), output).isEqualTo(expectedExit);
        return output;
    }

    static String run(String... command) throws IOException, InterruptedException {
        return run(0, command);
    }

    /** Waits (at most 10 s) until the relay recorded {@code closes} closed connections. */
    static void awaitCloses(RecordingRelay relay, int closes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (relay.records().stream().filter(r -> r.chunk() == null).count() < closes && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(relay.records().stream().filter(r -> r.chunk() == null).count()).as("closed connections").isEqualTo(closes);
    }
}
