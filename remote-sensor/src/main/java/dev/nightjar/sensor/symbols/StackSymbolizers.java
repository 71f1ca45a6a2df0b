package dev.nightjar.sensor.symbols;

import dev.nightjar.sensor.btf.KernelSymbols;
import java.nio.file.Path;

/**
 * Where symbolizers come from. The profiler's use:
 *
 * <pre>{@code
 * StackSymbolizer symbols = StackSymbolizers.onNode(procRoot, KernelSymbols.load(procRoot));
 * symbols.remember(pid);                                   // first sight of a process
 * List<SymbolizedFrame> k = symbols.kernelFrames(kernelIps, kernelDepth);    // innermost first
 * List<SymbolizedFrame> u = symbols.userFrames(pid, userIps, userDepth);     // innermost first
 * symbols.forget(pid);                                     // the process exited
 * symbols.stats();                                         // for the sensor's health report
 * }</pre>
 *
 * One instance per sensor, called from the collector thread (methods are synchronized).
 */
public final class StackSymbolizers {

    /** Default bound of the symbol cache: libc, libjvm and a few hundred small binaries fit. */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;
    /** Default number of processes whose maps are held. */
    public static final int DEFAULT_MAX_PROCESSES = 4096;

    private StackSymbolizers() {
    }

    /**
     * The node's symbolizer.
     *
     * @param procRoot   the host's /proc ({@code /host/proc} in the sensor pod)
     * @param kernel     kallsyms, loaded once by the caller ({@code KernelSymbols.load(procRoot)})
     * @param cacheBytes bound of the estimated bytes of cached symbol tables and perf maps
     */
    public static StackSymbolizer onNode(Path procRoot, KernelSymbols kernel, long cacheBytes) {
        return onNode(procRoot, kernel, cacheBytes, DEFAULT_MAX_PROCESSES);
    }

    /**
     * As {@link #onNode(Path, KernelSymbols, long)}, holding the maps of at most {@code maxProcesses}
     * processes (least recently used out).
     */
    public static StackSymbolizer onNode(Path procRoot, KernelSymbols kernel, long cacheBytes, int maxProcesses) {
        return new OnNodeSymbolizer(procRoot, kernel, cacheBytes, maxProcesses);
    }

    public static StackSymbolizer onNode(Path procRoot, KernelSymbols kernel) {
        return onNode(procRoot, kernel, DEFAULT_CACHE_BYTES);
    }
}
