package dev.nightjar.sensor.profile;

import dev.nightjar.sensor.proc.ProcessResolver;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes the profiler has announced to the symbolizer: remembered on first
 * sight (while they live, so their maps and names can still be read), forgotten one
 * flush after they are found gone (their last samples have been published by then).
 * Calls into the symbolizer hold its monitor: it is meant for one thread, and the
 * first-sight poller and the flush thread both use it.
 */
final class SeenProcesses {

    /** More than a node runs at once; beyond it, new processes are still remembered, just not tracked for forget. */
    private static final int MAX_TRACKED = 32_768;

    private final StackSymbolizer symbolizer;
    private final ProcessResolver processes;
    private final Path procRoot;
    private final Set<Integer> remembered = new HashSet<>();
    private Set<Integer> goneAtLastCheck = Set.of();

    SeenProcesses(StackSymbolizer symbolizer, ProcessResolver processes, Path procRoot) {
        this.symbolizer = symbolizer;
        this.processes = processes;
        this.procRoot = procRoot;
    }

    /** A process sampled for the first time: read what naming it needs now. */
    void firstSight(int pid) {
        processes.resolve(pid); // caches comm, cgroup and container id while the process lives
        synchronized (symbolizer) {
            symbolizer.remember(pid);
        }
        synchronized (remembered) {
            if (remembered.size() < MAX_TRACKED) {
                remembered.add(pid);
            }
        }
    }

    /**
     * Forgets the processes that were gone at the previous check and still are; returns
     * their pids, so the caller can let the kernel announce a new process with that pid.
     */
    List<Integer> forgetExited() {
        List<Integer> candidates;
        synchronized (remembered) {
            candidates = List.copyOf(remembered);
        }
        Set<Integer> goneNow = new HashSet<>();
        for (int pid : candidates) {
            if (!Files.exists(procRoot.resolve(Integer.toString(pid)))) {
                goneNow.add(pid);
            }
        }
        List<Integer> forgotten = new ArrayList<>();
        for (int pid : goneAtLastCheck) {
            if (goneNow.remove(pid)) {
                synchronized (symbolizer) {
                    symbolizer.forget(pid);
                }
                synchronized (remembered) {
                    remembered.remove(pid);
                }
                forgotten.add(pid);
            }
        }
        goneAtLastCheck = goneNow;
        return forgotten;
    }
}
