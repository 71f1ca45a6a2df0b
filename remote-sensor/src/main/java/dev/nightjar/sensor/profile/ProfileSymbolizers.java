package dev.nightjar.sensor.profile;

import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.symbols.StackSymbolizers;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import java.nio.file.Path;

/**
 * Picks the symbolizer the profiler uses: the full one (ELF, perf maps) where it
 * starts, else {@link KallsymsOnlySymbolizer}, which names kernel frames only.
 */
public final class ProfileSymbolizers {

    private static final System.Logger LOG = System.getLogger(ProfileSymbolizers.class.getName());

    private ProfileSymbolizers() {
    }

    /** As {@link #create(Path, long)} with the symbol cache's default bound. */
    public static StackSymbolizer create(Path procRoot) {
        return create(procRoot, StackSymbolizers.DEFAULT_CACHE_BYTES);
    }

    /**
     * Never throws: a full symbolizer that cannot start gives the kallsyms-only fallback.
     *
     * @param cacheBytes bound of the symbol cache (the profiler's share of the heap, MemoryBudget)
     */
    public static StackSymbolizer create(Path procRoot, long cacheBytes) {
        try {
            return full(procRoot, cacheBytes);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the stack symbolizer did not start (" + e.getMessage()
                    + "); user frames will be shown as addresses");
            return fallback(procRoot);
        }
    }

    /** Whether {@link #create} gives a symbolizer that names user frames (false: the fallback). */
    public static boolean namesUserFrames(StackSymbolizer symbolizer) {
        return !(symbolizer instanceof KallsymsOnlySymbolizer);
    }

    private static StackSymbolizer full(Path procRoot, long cacheBytes) {
        return StackSymbolizers.onNode(procRoot, KernelSymbols.load(procRoot), cacheBytes);
    }

    static StackSymbolizer fallback(Path procRoot) {
        return new KallsymsOnlySymbolizer(KernelSymbols.load(procRoot));
    }
}
