package dev.nightjar.sensor.lab;

import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgroup v2 directory of its own (no controller), like a pod's: its id selects exactly the
 * processes a test started in it, whatever else runs on the machine.
 */
public final class TaskCgroup implements AutoCloseable {

    private final Path dir;
    private final long id;

    private TaskCgroup(Path dir, long id) {
        this.dir = dir;
        this.id = id;
    }

    /** A new cgroup below the cgroup v2 root; skips (fails under CI) without one. */
    public static TaskCgroup create(String name) {
        Path root = CgroupRoot.fromMountinfo(Path.of("/proc/self/mountinfo"))
                .orElseGet(() -> Requires.unavailable("no cgroup v2 mount"));
        try {
            Path dir = Files.createDirectory(root.resolve(name + "-" + ProcessHandle.current().pid()));
            return new TaskCgroup(dir, ((Number) Files.getAttribute(dir, "unix:ino")).longValue());
        } catch (IOException e) {
            return Requires.unavailable("cannot make a cgroup below " + root + ": " + e.getMessage());
        }
    }

    /** The cgroup id (its directory's inode), as bpf_get_current_cgroup_id() reports it. */
    public long id() {
        return id;
    }

    /** {@code command}, started inside this cgroup (a shell moves itself in, then execs it). */
    public List<String> inside(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                dir.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Removes the cgroup; its processes must have exited. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a process still inside: left for the test's failure to explain
        }
    }
}
