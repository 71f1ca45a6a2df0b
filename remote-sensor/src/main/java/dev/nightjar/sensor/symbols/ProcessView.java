package dev.nightjar.sensor.symbols;

import dev.nightjar.sensor.proc.ProcFiles;
import dev.nightjar.sensor.proc.ProcStat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the symbolizer keeps about one process: its executable mappings (kept after the process
 * exits), the pid it has in its own pid namespace (which names its perf map), and how much of the
 * perf map was read.
 */
final class ProcessView {

    /** Binaries that could not be opened for this process: not retried on every frame. */
    private static final int MAX_UNREADABLE = 256;

    final int pid;
    final int namespacePid;
    /** Start time of the process in clock ticks: tells a reused pid from the process that was read. */
    final long startTicks;
    /** This process's perf map in the symbol cache. */
    final String perfMapKey;
    private ProcMaps maps;
    /** Bytes of the perf map read so far; -1 when it was never found. */
    long perfMapBytesSeen = -1;
    /** When the maps were last re-read for an unknown address, System.nanoTime; 0 never. */
    long mapsRereadNanos;
    /** When the perf map was last found missing, System.nanoTime; 0 when it was not. */
    long perfMapMissingNanos;
    /** Every binary it maps was loaded (a lookup alone loads only the binaries it needs). */
    boolean remembered;
    final Set<String> unreadableBinaries = new HashSet<>();

    private ProcessView(int pid, int namespacePid, long startTicks, ProcMaps maps) {
        this.pid = pid;
        this.namespacePid = namespacePid;
        this.startTicks = startTicks;
        this.perfMapKey = OnNodeSymbolizer.perfMapKey(pid);
        this.maps = maps;
    }

    /** Empty when the process is gone (or its maps unreadable). */
    static Optional<ProcessView> read(Path procRoot, int pid) {
        long startTicks = startTicks(procRoot, pid);
        return ProcMaps.read(procRoot, pid)
                .map(maps -> new ProcessView(pid, namespacePid(procRoot, pid), startTicks, maps));
    }

    /** The start time from /proc/PID/stat; -1 when unreadable (gone, or a proc root without it). */
    static long startTicks(Path procRoot, int pid) {
        try {
            return ProcStat.parse(ProcFiles.readString(procRoot.resolve(pid + "/stat"), 64 * 1024)).startTicks();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The last pid of the {@code NSpid:} line of /proc/PID/status: the pid in the innermost namespace. */
    static int namespacePid(Path procRoot, int pid) {
        try {
            String status = ProcFiles.readString(procRoot.resolve(pid + "/status"), 64 * 1024);
            for (String line : status.split("\n")) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring(6).strip().split("\\s+");
                    return Integer.parseInt(ids[ids.length - 1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Kernels before 4.1 have no NSpid; the host pid is right unless the process is in a pid namespace.
        }
        return pid;
    }

    ProcMaps maps() {
        return maps;
    }

    /** Re-reads the maps (a library was dlopen'ed); keeps the old ones if the process is gone. */
    void refreshMaps(Path procRoot) {
        ProcMaps.read(procRoot, pid).ifPresent(fresh -> maps = fresh);
    }

    Path perfMapPath(Path procRoot) {
        return procRoot.resolve(pid + "/root/tmp/perf-" + namespacePid + ".map");
    }

    void markUnreadable(String binaryId) {
        if (unreadableBinaries.size() < MAX_UNREADABLE) {
            unreadableBinaries.add(binaryId);
        }
    }
}
