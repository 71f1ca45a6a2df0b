package dev.nightjar.desktop.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sensor process started on this machine: {@code nightjar-sensor.jar serve}
 * on a free loopback port with a fresh token, stopped (and its token file
 * removed) on {@link #close()}. It needs root, because it loads eBPF programs;
 * without it, {@link #start} says so and how to get around it.
 */
public final class LocalSensor implements AutoCloseable {

    /**
     * Where the sensor jar is. The installed app's launcher sets it to the jar the package
     * carries beside the app (packaging/desktop-installer, linux-app.args); unset, the app is
     * started from a source checkout and the jar is that checkout's build output.
     */
    public static final String JAR_PROPERTY = "nightjar.sensor.jar";

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STDERR_LINES_KEPT = 20;

    private final Process process;
    private final Path tokenFile;
    private final SensorAddress address;
    private final String token;

    private LocalSensor(Process process, Path tokenFile, SensorAddress address, String token) {
        this.process = process;
        this.tokenFile = tokenFile;
        this.address = address;
        this.token = token;
    }

    /** @throws IOException with a message that says what is missing and what to do */
    public static LocalSensor start(Path sensorJar, Path javaHome) throws IOException, InterruptedException {
        return start(sensorJar, javaHome, List.of());
    }

    /** @param serveOptions more options for {@code serve}, e.g. {@code --node-name worker-1} */
    public static LocalSensor start(Path sensorJar, Path javaHome, List<String> serveOptions)
            throws IOException, InterruptedException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return start(sensorJar, javaHome, serveOptions, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /**
     * @param serveOptions more options for {@code serve}; an {@code --idle-exit} here replaces the default 2m
     * @param token        the token the sensor demands (sensors that stand for one session's pods share it)
     */
    public static LocalSensor start(Path sensorJar, Path javaHome, List<String> serveOptions, String token)
            throws IOException, InterruptedException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new IOException("A sensor runs on Linux only. Use 'Connect to a sensor' for one on a Linux machine.");
        }
        if (!isRoot()) {
            throw new IOException("Starting a sensor needs root: it loads eBPF programs into the kernel. Run Nightjar"
                    + " with sudo, or start the sensor yourself (sudo java -jar " + sensorJar
                    + " serve --listen 127.0.0.1:7700 --token-file TOKEN) and use 'Connect to a sensor'.");
        }
        if (!Files.isRegularFile(sensorJar)) {
            throw new IOException("The sensor jar " + sensorJar + " does not exist. Build it with"
                    + " ./mvnw -pl remote-sensor -am package, or set -D" + JAR_PROPERTY + "=PATH.");
        }
        Path tokenFile = Files.createTempFile("nightjar-local-sensor", ".token",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token + "\n");
        List<String> command = new java.util.ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-XX:+UseSerialGC", "-Xmx64m", "--enable-native-access=ALL-UNNAMED",
                "-jar", sensorJar.toString(), "serve", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString()));
        if (!serveOptions.contains("--idle-exit")) {
            command.addAll(List.of("--idle-exit", "2m"));
        }
        command.addAll(serveOptions);
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        // Both pipes are read for the process's whole life, or a chatty sensor blocks on a full pipe.
        java.util.Deque<String> stderrTail = new java.util.ArrayDeque<>();
        Thread.ofPlatform().daemon().name("nightjar-local-sensor-err").start(() -> keepTail(process, stderrTail));
        try {
            int port = awaitPort(process, stderrTail);
            return new LocalSensor(process, tokenFile, new SensorAddress("127.0.0.1", port), token);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            Files.deleteIfExists(tokenFile);
            throw e;
        }
    }

    /** Reads the sensor's first lines until it says where it listens, or fails with what it printed. */
    private static int awaitPort(Process process, java.util.Deque<String> stderrTail)
            throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int[] port = {-1};
        Thread.ofPlatform().daemon().name("nightjar-local-sensor-out").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find() && port[0] < 0) {
                        synchronized (port) {
                            port[0] = Integer.parseInt(m.group(1));
                            port.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended; its exit code and stderr tell why
            }
        });
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        synchronized (port) {
            while (port[0] < 0 && process.isAlive() && System.nanoTime() < deadline) {
                port.wait(100);
            }
        }
        if (port[0] > 0) {
            return port[0];
        }
        if (process.isAlive()) {
            throw new IOException("The sensor did not start listening within " + START_TIMEOUT.toSeconds() + " s.");
        }
        int code = process.waitFor();
        Thread.sleep(100); // let the stderr reader take the last lines
        synchronized (stderrTail) {
            throw new IOException("The sensor exited with code " + code + ": " + String.join(" | ", stderrTail));
        }
    }

    private static void keepTail(Process process, java.util.Deque<String> tail) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_LINES_KEPT) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /**
     * The jar to start: -Dnightjar.sensor.jar (the installed app's), else a source checkout's
     * build output under the working directory. Never a bare nightjar-sensor.jar in the working
     * directory: it runs as root, and whatever directory the app was started in is not the app's.
     */
    public static Path findJar(Path workingDirectory) {
        Optional<String> explicit = Optional.ofNullable(System.getProperty(JAR_PROPERTY));
        if (explicit.isPresent()) {
            return Path.of(explicit.get()).normalize();
        }
        for (Path candidate : List.of(workingDirectory.resolve("remote-sensor/target/nightjar-sensor.jar"),
                workingDirectory.resolve("../remote-sensor/target/nightjar-sensor.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        return workingDirectory.resolve("remote-sensor/target/nightjar-sensor.jar");
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public SensorAddress address() {
        return address;
    }

    public String token() {
        return token;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's exit code once it has ended by itself (idle exit: 0), else empty. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(tokenFile);
    }
}
