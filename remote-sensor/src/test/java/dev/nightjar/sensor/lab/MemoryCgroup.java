package dev.nightjar.sensor.lab;

import dev.nightjar.sensor.collect.CgroupRoot;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A memory cgroup with a limit, like a pod's: the cgroup v1 memory controller where it is
 * mounted, else cgroup v2 with the memory controller enabled for the root's children. A
 * process started through {@link #wrap} runs inside it, so the limit counts what the pod's
 * would: resident memory, page cache and kernel memory (BPF maps included).
 */
public final class MemoryCgroup implements AutoCloseable {

    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");

    private final Path dir;
    private final Path peakFile;

    private MemoryCgroup(Path dir, Path peakFile) {
        this.dir = dir;
        this.peakFile = peakFile;
    }

    /** A new cgroup named {@code name} limited to {@code limitBytes}; skips (fails under CI) where none can be made. */
    public static MemoryCgroup create(String name, long limitBytes) {
        try {
            if (Files.isWritable(V1.resolve("memory.limit_in_bytes"))) {
                Path dir = Files.createDirectory(V1.resolve(name));
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
                return new MemoryCgroup(dir, dir.resolve("memory.max_usage_in_bytes"));
            }
            Optional<Path> v2 = CgroupRoot.fromMountinfo(Path.of("/proc/self/mountinfo"));
            if (v2.isPresent() && Files.readString(v2.get().resolve("cgroup.subtree_control")).contains("memory")) {
                Path dir = Files.createDirectory(v2.get().resolve(name));
                Files.writeString(dir.resolve("memory.max"), Long.toString(limitBytes));
                return new MemoryCgroup(dir, dir.resolve("memory.peak"));
            }
        } catch (IOException e) {
            Requires.unavailable("cannot make a memory cgroup: " + e.getMessage());
        }
        Requires.unavailable("no memory cgroup controller (v1 memory, or v2 with memory in the root's"
                + " cgroup.subtree_control)");
        throw new AssertionError("unreachable");
    }

    /** {@code command}, run inside this cgroup: a shell puts itself in, then execs the command. */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new java.util.ArrayList<>(List.of("sh", "-c",
                "echo $$ > \"$0\" && exec \"$@\"", dir.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The most memory the cgroup has been charged since it was made, in bytes. */
    public long peakBytes() {
        try {
            return Long.parseLong(Files.readString(peakFile).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + peakFile + ": " + e.getMessage(), e);
        }
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
