package dev.nightjar.packaging.sensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's entrypoint running in a chroot of its unpacked root file system,
 * in a private mount namespace with the pod spec's mounts (run-in-chroot.sh).
 * Closing it stops the sensor (SIGTERM, then SIGKILL), and with it the namespace
 * and all its mounts; it then checks that none of them leaked into the host's.
 */
final class ChrootSensor implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Path root;
    private final Path log;
    private final int port;

    private ChrootSensor(Process process, Path root, Path log, int port) {
        this.process = process;
        this.root = root;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code prefix + command} in the chroot with exactly {@code env} as its
     * environment and waits until it prints its listening address.
     */
    static ChrootSensor start(Path root, List<String> prefix, List<String> command, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        Path script = log.resolveSibling("run-in-chroot.sh");
        try (InputStream in = ChrootSensor.class.getResourceAsStream("run-in-chroot.sh")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "sh", script.toString(), root.toString()));
        argv.addAll(prefix);
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        ChrootSensor sensor = new ChrootSensor(process, root, log, 0);
        try {
            return new ChrootSensor(process, root, log, sensor.awaitPort());
        } catch (IOException | RuntimeException | InterruptedException e) {
            sensor.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private int awaitPort() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(output());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IOException("the sensor exited with " + process.exitValue()
                        + " before listening; its output:\n" + output());
            }
            Thread.sleep(200);
        }
        throw new IOException("the sensor did not print 'listening on' within " + START_TIMEOUT_SECONDS
                + " s; its output:\n" + output());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // unshare, sh, chroot and setpriv exec each other: one process, plus any it forked.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        unmountLeftovers();
    }

    /**
     * The mounts lived in the sensor's private namespace and died with it. Should
     * one show up in ours (a broken unshare), unmount it, lazily if busy, and fail.
     */
    private void unmountLeftovers() throws IOException, InterruptedException {
        List<String> leaked = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.contains(" " + root + " ") || line.contains(" " + root + "/"))
                .toList();
        if (!leaked.isEmpty()) {
            Commands.run(root.getParent(), List.of("umount", "--recursive", "--lazy", root.toString()), 30);
            throw new IOException("mounts leaked into the host's namespace (now lazily unmounted): " + leaked);
        }
    }
}
