package dev.nightjar.installer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh copy of a {@link DebianRootImage}, unpacked for one test, with the mounts a Debian
 * system has (/proc, /sys, /dev, /tmp) held by a process in a private mount namespace
 * (fresh-root.sh). Commands run chrooted into it, inside that namespace. Closing it stops
 * everything started in it, lets the namespace and its mounts go, and deletes the root.
 */
final class FreshRoot implements AutoCloseable {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The namespace outlives no test: the holder waits this long at most. */
    private static final Duration LIFETIME = Duration.ofMinutes(40);

    private final Path root;
    private final Process holder;
    private final List<Process> started = new ArrayList<>();

    private FreshRoot(Path root, Process holder) {
        this.root = root;
        this.holder = holder;
    }

    /**
     * Unpacks IMAGE into WORK/root (replacing an earlier run's), points apt at MIRROR (the suite,
     * its updates and security), and mounts the host's apt cache directories over the root's.
     */
    static FreshRoot unpack(Path image, Path work, String suite, String mirror, Path aptCache)
            throws IOException, InterruptedException {
        Path root = work.resolve("root");
        delete(root);
        Files.createDirectories(root);
        Command untar = Command.run(Duration.ofMinutes(3), "tar", "--extract", "--file", image.toString(),
                "--directory", root.toString(), "--numeric-owner");
        if (!untar.ok()) {
            throw new IOException("unpacking " + image + " failed:\n" + untar.output());
        }
        Files.copy(Path.of("/etc/resolv.conf"), root.resolve("etc/resolv.conf"), StandardCopyOption.REPLACE_EXISTING);
        String security = mirror.replaceAll("/debian/?$", "/debian-security");
        Files.writeString(root.resolve("etc/apt/sources.list"), String.join("\n",
                "deb " + mirror + " " + suite + " main",
                "deb " + mirror + " " + suite + "-updates main",
                "deb " + security + " " + suite + "-security main", ""));
        // No package's service starts in a chroot.
        Path policy = root.resolve("usr/sbin/policy-rc.d");
        Files.writeString(policy, "#!/bin/sh\nexit 101\n");
        policy.toFile().setExecutable(true, false);

        Path archives = Files.createDirectories(aptCache.resolve("archives"));
        Path lists = Files.createDirectories(aptCache.resolve("lists"));
        Path script = work.resolve("fresh-root.sh");
        try (InputStream in = FreshRoot.class.getResourceAsStream("fresh-root.sh")) {
            Files.write(script, in.readAllBytes());
        }
        Path log = work.resolve("fresh-root.log");
        Process holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--",
                "sh", script.toString(), root.toString(), archives.toString(), lists.toString(),
                Long.toString(LIFETIME.toSeconds()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FreshRoot fresh = new FreshRoot(root, holder);
        for (int i = 0; i < 300 && holder.isAlive(); i++) {
            if (Files.readString(log).contains("ready")) {
                return fresh;
            }
            Thread.sleep(100);
        }
        fresh.close();
        throw new IOException("the fresh root's mounts did not come up (fresh-root.sh):\n" + Files.readString(log));
    }

    /** A path inside the root, as the host sees it. */
    Path path(String inRoot) {
        return root.resolve(inRoot.replaceFirst("^/+", ""));
    }

    /** Runs COMMAND in the root to completion, with a clean environment plus ENV. */
    Command run(Duration limit, Map<String, String> env, String... command) {
        return Command.run(limit, inRoot(env, command));
    }

    Command run(Duration limit, String... command) {
        return run(limit, Map.of(), command);
    }

    /** Starts COMMAND in the root, its output into LOG; it is stopped on {@link #close()} at the latest. */
    Process start(Map<String, String> env, Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(inRoot(env, command))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

    private String[] inRoot(Map<String, String> env, String... command) {
        // nsenter, chroot and env each exec the next: the command keeps the pid we started.
        List<String> argv = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid()), "--mount", "--",
                "chroot", root.toString(), "/usr/bin/env", "-i", "PATH=" + PATH, "HOME=/root", "LANG=C.UTF-8",
                "DEBIAN_FRONTEND=noninteractive"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(List.of(command));
        return argv.toArray(String[]::new);
    }

    /** Stops PROCESS and everything it started: SIGTERM, then SIGKILL after 15 s. */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process process : started) {
            stop(process);
        }
        stop(holder);
        // The mounts lived in the holder's namespace; one showing up in ours would be a broken
        // unshare, and deleting the root through it would reach the host's /dev and /sys.
        List<String> leaked = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.contains(" " + root + "/") || line.contains(" " + root + " "))
                .toList();
        if (!leaked.isEmpty()) {
            throw new IOException("mounts of the fresh root leaked into the host's namespace; the root "
                    + root + " is left in place, unmount it by hand: " + leaked);
        }
        if (!Boolean.getBoolean("installer.fresh.keep")) {
            delete(root);
        }
    }

    private static void delete(Path root) throws IOException {
        if (Files.exists(root)) {
            Command rm = Command.run(Duration.ofMinutes(3), "rm", "-rf", "--one-file-system", root.toString());
            if (!rm.ok()) {
                throw new IOException("could not delete the earlier fresh root " + root + ":\n" + rm.output());
            }
        }
    }
}
