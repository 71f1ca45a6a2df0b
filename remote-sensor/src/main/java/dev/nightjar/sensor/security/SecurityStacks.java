package dev.nightjar.sensor.security;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import dev.nightjar.sensor.symbols.StackSymbolizers;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A security event's stacks as frames: kernel frames named from kallsyms ({@code
 * do_sys_openat2+0x5}, with {@code " [module]"} in a module), user frames by the flame graph's
 * symbolizer ({@link StackSymbolizer}: the function from the ELF symbols or the perf map, and the
 * file mapped at the address as the frame's module). Every frame keeps its address.
 *
 * <p>User frames are named from the process's {@code /proc/PID/maps} and the files it maps,
 * read when its first event with a user stack is enriched. A process that exited before that has
 * no maps left to read: its frames keep their addresses with no symbol and no module (a binary the
 * symbolizer already read for another process is of no help without the process's maps). Maps
 * and symbol tables once read stay cached (the maps until the process's exit record is handled),
 * so a process's later events still name frames in the files already read when it has exited
 * before they are enriched.
 *
 * <p>Bounded: at most {@link #MAX_FRAMES} frames per stack, the maps of {@link #MAX_PROCESSES}
 * processes, symbol tables within the cache bound given. Called on the enrichment thread only.
 */
final class SecurityStacks implements AutoCloseable {

    /** Frames per stack and event, at most: what the kernel takes (NJ_SEC_STACK). */
    static final int MAX_FRAMES = 32;
    /** Processes whose maps are held (least recently used out; an exit releases its process's). */
    static final int MAX_PROCESSES = 256;

    private final KernelSymbols kernel;
    private final StackSymbolizer symbolizer;
    /** The record whose user frames were made last: one record may be published once per policy it matched. */
    private SecurityRecords.Event lastUserStackOf;
    private List<SecurityFrame> lastUserFrames = List.of();

    SecurityStacks(Path procRoot, KernelSymbols kernel, long cacheBytes) {
        this.kernel = kernel;
        this.symbolizer = StackSymbolizers.onNode(procRoot, kernel, cacheBytes, MAX_PROCESSES);
    }

    List<SecurityFrame> kernelFrames(long[] addresses) {
        int n = Math.min(MAX_FRAMES, addresses.length);
        List<SecurityFrame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(SecurityFrame.newBuilder().setAddress(addresses[i]).setSymbol(kernel.symbolize(addresses[i]))
                    .build());
        }
        return frames;
    }

    /** The record's user stack, named; the same list again for the same record. */
    List<SecurityFrame> userFrames(SecurityRecords.Event e) {
        if (e != lastUserStackOf) {
            lastUserFrames = userFrames(e.pid(), e.userStack());
            lastUserStackOf = e;
        }
        return lastUserFrames;
    }

    List<SecurityFrame> userFrames(int pid, long[] addresses) {
        int n = Math.min(MAX_FRAMES, addresses.length);
        List<SymbolizedFrame> named = symbolizer.userFrames(pid, addresses, n);
        List<String> modules = symbolizer.userModules(pid, addresses, n);
        List<SecurityFrame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SymbolizedFrame f = named.get(i);
            // An unnamed frame's text (libc.so.6+0x1234) is not a symbol: the module and address say it.
            frames.add(SecurityFrame.newBuilder().setAddress(addresses[i])
                    .setSymbol(f.kind() == FrameKind.FRAME_KIND_UNKNOWN ? "" : f.name())
                    .setModule(modules.get(i)).build());
        }
        return frames;
    }

    /** The process exited: its maps are released (binaries' symbols stay cached for others). */
    void forget(int pid) {
        symbolizer.forget(pid);
    }

    @Override
    public void close() {
        symbolizer.close();
    }
}
