package dev.nightjar.sensor.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a JVM of its own, started with the image's JVM options
 * (remote-sensor/src/main/jvm/sensor.jvm-options) on this build's class path: the
 * sensor as the pod runs it, for tests about its memory and its process. Closing it
 * sends SIGTERM, then SIGKILL after 10 s.
 */
public final class ServeProcess implements AutoCloseable {

    /** The options file the image's entry point uses, relative to the module (the tests' working directory). */
    public static final Path JVM_OPTIONS = Path.of("src/main/jvm/sensor.jvm-options");
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final long START_SECONDS = 90;

    private final Process process;
    private final Path log;
    private final int port;

    private ServeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code serve --listen 127.0.0.1:0 --token-file TOKEN --idle-exit 0 EXTRA...}; {@code wrap}
     * may put the command inside something (a memory cgroup). Output and errors go to {@code log}.
     */
    public static ServeProcess start(Path token, Path log, UnaryOperator<List<String>> wrap, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + JVM_OPTIONS.toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                "dev.nightjar.sensor.SensorMain", "serve", "--listen", "127.0.0.1:0", "--token-file", token.toString(),
                "--idle-exit", "0"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(wrap.apply(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new ServeProcess(process, log, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("serve did not start within " + START_SECONDS + " s: "
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Its highest resident set so far (VmHWM), in bytes. */
    public long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
