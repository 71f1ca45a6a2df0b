package dev.nightjar.sensor.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pid → comm, command line, cgroup, container id, network namespace and start
 * time, read from a proc root ({@code /host/proc} inside a pod), with a
 * bounded LRU cache.
 *
 * <p>Every lookup reads {@code /proc/PID/stat}: it tells whether the process is
 * still alive and, through its start time, whether the pid now belongs to a
 * different process. A cached entry is used only when the start time matches.
 * A process that exited is returned once more from the cache marked
 * {@code exited}, so late events can still be attributed, until the LRU evicts it.
 */
public final class ProcessResolver {

    private static final int MAX_CMDLINE_BYTES = 4096;
    /**
     * The most heap one cached process can hold: its command line (at most 4 KiB read), the
     * cgroup path, comm, container id, the strings' and lists' overheads. Caches are sized by it
     * (see MemoryBudget), so a node full of long Java command lines cannot outgrow the share.
     */
    public static final int MAX_ENTRY_BYTES = 8 * 1024;
    private static final int MAX_CMDLINE_ARGS = 64;
    private static final int MAX_SMALL_FILE_BYTES = 64 * 1024;

    private final Path procRoot;
    private final Path cgroupRoot;
    private final long bootTimeNs;
    private final Map<Integer, ProcessDetails> cache;

    /**
     * @param procRoot   the host's /proc
     * @param cgroupRoot the host's cgroup2 mount (normally {@code /sys/fs/cgroup});
     *                   the cgroup id is the inode of the process's directory under it
     * @param cacheCapacity the most processes kept in memory
     */
    public ProcessResolver(Path procRoot, Path cgroupRoot, int cacheCapacity) {
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cacheCapacity must be at least 1, was " + cacheCapacity);
        }
        this.procRoot = procRoot;
        this.cgroupRoot = cgroupRoot;
        this.bootTimeNs = ProcFiles.bootTimeNanos(procRoot);
        this.cache = new LinkedHashMap<>(Math.min(cacheCapacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ProcessDetails> eldest) {
                return size() > cacheCapacity;
            }
        };
    }

    public Path procRoot() {
        return procRoot;
    }

    /** The live process, or its last details marked exited, or empty if it was never seen. */
    public Optional<ProcessDetails> resolve(int pid) {
        Optional<ProcStat> stat = readStat(pid);
        synchronized (cache) {
            ProcessDetails cached = cache.get(pid);
            if (stat.isEmpty()) {
                if (cached == null) {
                    return Optional.empty();
                }
                ProcessDetails gone = cached.asExited();
                cache.put(pid, gone);
                return Optional.of(gone);
            }
            if (cached != null && cached.startTicks() == stat.get().startTicks() && !cached.exited()) {
                return Optional.of(cached);
            }
        }
        ProcessDetails fresh = readDetails(stat.get());
        synchronized (cache) {
            cache.put(pid, fresh);
        }
        return Optional.of(fresh);
    }

    public int cachedCount() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private Optional<ProcStat> readStat(int pid) {
        try {
            return Optional.of(ProcStat.parse(ProcFiles.readString(pidDir(pid).resolve("stat"), MAX_SMALL_FILE_BYTES)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // gone (or not a process): both mean "no live process here"
        }
    }

    private ProcessDetails readDetails(ProcStat stat) {
        Path dir = pidDir(stat.pid());
        String cgroupPath = readCgroupPath(dir);
        return new ProcessDetails(stat.pid(), stat.ppid(), stat.comm(), readCmdline(dir),
                cgroupPath, cgroupId(cgroupPath),
                ContainerIds.fromCgroupPath(cgroupPath).orElse(""),
                ContainerIds.podUidFromCgroupPath(cgroupPath).orElse(""),
                netnsInode(dir), stat.startTicks(),
                bootTimeNs == 0 ? 0 : bootTimeNs + ProcStat.ticksToNanos(stat.startTicks()), false);
    }

    private Path pidDir(int pid) {
        return procRoot.resolve(Integer.toString(pid));
    }

    /** NUL-separated arguments; kernel threads have none. */
    private static List<String> readCmdline(Path dir) {
        List<String> args = new ArrayList<>();
        try {
            String raw = ProcFiles.readString(dir.resolve("cmdline"), MAX_CMDLINE_BYTES);
            for (String arg : raw.split("\0")) {
                if (args.size() == MAX_CMDLINE_ARGS) {
                    break;
                }
                if (!arg.isEmpty()) {
                    args.add(arg);
                }
            }
        } catch (IOException e) {
            // exited meanwhile, or not permitted: an empty command line
        }
        return args;
    }

    /**
     * The cgroup v2 path ({@code 0::/...}). On a cgroup v1 or hybrid host there
     * is no such line; the first v1 path that names a container is used so the
     * container id still comes through, and the cgroup id stays 0.
     */
    private static String readCgroupPath(Path dir) {
        try {
            String v1Fallback = "";
            for (String line : ProcFiles.readString(dir.resolve("cgroup"), MAX_SMALL_FILE_BYTES).split("\n")) {
                if (line.startsWith("0::")) {
                    return line.substring(3).strip();
                }
                int sep = line.indexOf(':', line.indexOf(':') + 1);
                if (v1Fallback.isEmpty() && sep > 0 && ContainerIds.fromCgroupPath(line.substring(sep + 1)).isPresent()) {
                    v1Fallback = line.substring(sep + 1).strip();
                }
            }
            return v1Fallback;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The inode of the cgroup's directory, which is what the kernel calls the
     * cgroup id. A reader inside a private cgroup namespace sees paths outside
     * its namespace as {@code /../../x}; those leading {@code ..} are dropped and
     * the rest looked up from the cgroup root, which is right when the sensor
     * shares the host's cgroup namespace (a privileged pod does) and gives 0,
     * never a wrong id, when the rest does not exist.
     */
    private long cgroupId(String cgroupPath) {
        if (cgroupPath.isEmpty()) {
            return 0;
        }
        String relative = cgroupPath;
        while (relative.startsWith("/..")) {
            relative = relative.substring(3);
        }
        relative = relative.startsWith("/") ? relative.substring(1) : relative;
        Path dir = cgroupRoot.resolve(relative).normalize();
        if (!dir.startsWith(cgroupRoot.normalize())) {
            return 0;
        }
        try {
            return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** {@code ns/net} is a link to {@code net:[INODE]}. */
    private static long netnsInode(Path dir) {
        try {
            String target = Files.readSymbolicLink(dir.resolve("ns/net")).toString();
            if (target.startsWith("net:[") && target.endsWith("]")) {
                return Long.parseLong(target.substring(5, target.length() - 1));
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            // not permitted (needs ptrace access) or exited
        }
        return 0;
    }
}
