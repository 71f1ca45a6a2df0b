package dev.nightjar.sensor.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program from the machine's packages (a server, curl, python) run inside a lab pod's
 * network namespace and, optionally, a test's cgroup; killed on close.
 */
public final class PodProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;

    private PodProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code command} in the pod (and the cgroup, when given); output is discarded. */
    public static PodProcess start(NetnsLab.Pod pod, TaskCgroup cgroup, List<String> command) {
        try {
            return new PodProcess(new ProcessBuilder(inPod(pod, cgroup, command))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} in the pod (and cgroup) to its end (at most 30 s); returns its pid and stdout. */
    public static Finished run(NetnsLab.Pod pod, TaskCgroup cgroup, List<String> command) {
        try {
            Process p = new ProcessBuilder(inPod(pod, cgroup, command))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + p.exitValue());
            }
            return new Finished((int) p.pid(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        }
    }

    /** A finished command: its pid (the program's: every wrapper execs) and its stdout. */
    public record Finished(int pid, byte[] stdout) {
        public String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private static List<String> inPod(NetnsLab.Pod pod, TaskCgroup cgroup, List<String> command) {
        List<String> inNetns = new ArrayList<>(List.of("ip", "netns", "exec", pod.namespace()));
        inNetns.addAll(command);
        return cgroup == null ? inNetns : cgroup.inside(inNetns);
    }

    /** The program's pid: the shell and ip netns exec both exec into it. */
    public int pid() {
        return (int) process.pid();
    }

    /** Waits until something listens on the port in the pod ({@code tcp}: TCP, else UDP). */
    public static void awaitListening(NetnsLab.Pod pod, int port, boolean tcp) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<String> ss = List.of("ip", "netns", "exec", pod.namespace(), "ss", "-H", tcp ? "-ltn" : "-lun",
                "sport = :" + port);
        while (Commands.run(ss).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing listens on port " + port + " in " + pod.namespace());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
