package dev.nightjar.sensor.security;

import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.sensor.lab.Commands;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a pod on this machine: its own network namespace and its own cgroup v2.
 * A command run in it enters both before it execs, keeping its pid, so the pid the test
 * sees is the one the sensor reports.
 */
public final class SecurityPod implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A finished command: its pid and what it printed. */
    public record Run(long pid, int exitCode, String output) {
    }

    private final String netns;
    private final Path cgroup;

    private SecurityPod(String netns, Path cgroup) {
        this.netns = netns;
        this.cgroup = cgroup;
    }

    public static SecurityPod create() {
        Requires.toolsFrom("iproute2", "ip");
        String id = HexFormat.of().formatHex(RANDOM.generateSeed(3));
        Path root = CgroupRoot.fromMountinfo(Path.of("/proc/self/mountinfo"))
                .orElseGet(() -> Requires.unavailable("no cgroup v2 mount"));
        Path cgroup;
        try {
            cgroup = Files.createDirectory(root.resolve("njsec-" + id));
        } catch (IOException e) {
            return Requires.unavailable("cannot make a cgroup: " + e.getMessage());
        }
        String netns = "njsec-" + id;
        Commands.run(List.of("ip", "netns", "add", netns));
        Commands.run(List.of("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up"));
        return new SecurityPod(netns, cgroup);
    }

    /** Starts {@code command} inside the pod (own netns, own cgroup). */
    public Process start(List<String> command) throws IOException {
        // The cgroup first: ip netns exec mounts a sysfs of the new namespace, where the cgroup is not.
        List<String> full = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                cgroup.resolve("cgroup.procs").toString(), "ip", "netns", "exec", netns));
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true).start();
    }

    /** Runs {@code command} inside the pod to its end (at most 60 s). */
    public Run run(List<String> command) throws IOException, InterruptedException {
        Process process = start(command);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s");
        }
        return new Run(process.pid(), process.exitValue(), output);
    }

    /** Gives the pod's loopback an address (a CIDR) that exists only inside its network namespace. */
    public void addAddress(String cidr) {
        Commands.run(List.of("ip", "netns", "exec", netns, "ip", "addr", "add", cidr, "dev", "lo"));
    }

    /** The cgroup's id (the inode of its directory), as the kernel reports it. */
    public long cgroupId() throws IOException {
        return (Long) Files.getAttribute(cgroup, "unix:ino");
    }

    @Override
    public void close() {
        Commands.runQuietly(List.of("ip", "netns", "del", netns));
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            // a process still inside: the test's failure says why
        }
    }
}
