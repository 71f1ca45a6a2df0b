package dev.nightjar.sensor.symbols;

import java.util.List;

/**
 * Names the addresses of sampled stacks on the node: kernel frames from kallsyms, native
 * user frames from the ELF symbols of the file mapped at that address, JIT frames from the
 * process's perf map. An address that cannot be named becomes {@code module+0xoffset} (the
 * file offset in that module; {@code [anon]+0x...} in anonymous memory), or {@code [unknown]}
 * outside every mapping; no frame is ever dropped.
 *
 * <p>Stacks are innermost first, as the stack map stores them. Every frame after the first is a
 * return address and is looked up at {@code address - 1} (the call instruction), so a call at
 * the very end of a function is not named after the next function.
 *
 * <p>The profiler calls {@link #remember(int)} the first time it sees a process, so that a
 * process that exits before its samples are read out still gets its frames named.
 * Implementations are bounded in memory and safe to call from one collector thread.
 */
public interface StackSymbolizer extends AutoCloseable {

    /** Reads and caches what naming this process's frames needs; cheap if already known. */
    void remember(int pid);

    /** Kernel frames, in the order given (innermost first, as the stack map stores them). */
    List<SymbolizedFrame> kernelFrames(long[] addresses, int count);

    /** User frames of a process (host pid), in the order given (innermost first). */
    List<SymbolizedFrame> userFrames(int pid, long[] addresses, int count);

    /**
     * The file mapped at each of a process's user frames, as {@code /proc/PID/maps} names it (a
     * path, or {@code [vdso]} and the like), in the order given and looked up as {@link #userFrames}
     * does; "" where no file is known (anonymous memory, or the process's maps were never read).
     * Uses only what {@link #userFrames} read for the same stack: call it after that.
     */
    default List<String> userModules(int pid, long[] addresses, int count) {
        return java.util.Collections.nCopies(Math.max(0, Math.min(count, addresses.length)), "");
    }

    /** The process is gone: per-process state may be released (per-binary caches stay). */
    void forget(int pid);

    /** Counters for the sensor's health and the benchmarks. */
    SymbolizerStats stats();

    @Override
    void close();
}
