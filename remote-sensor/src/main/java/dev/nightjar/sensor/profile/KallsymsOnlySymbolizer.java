package dev.nightjar.sensor.profile;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.symbols.StackSymbolizer;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import dev.nightjar.sensor.symbols.SymbolizerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The symbolizer the profiler falls back to when the full one cannot start:
 * kernel frames named from kallsyms, every user frame shown as
 * {@code [unknown]+0xADDRESS} (kind UNKNOWN). It keeps no per-process state, so
 * {@link #remember(int)} and {@link #forget(int)} do nothing. Frames are never dropped.
 */
public final class KallsymsOnlySymbolizer implements StackSymbolizer {

    private final KernelSymbols kernel;
    private final AtomicLong named = new AtomicLong();
    private final AtomicLong unnamed = new AtomicLong();

    public KallsymsOnlySymbolizer(KernelSymbols kernel) {
        this.kernel = kernel;
    }

    @Override
    public void remember(int pid) {
        // Nothing per process: kernel symbols are global and user frames stay unnamed.
    }

    @Override
    public List<SymbolizedFrame> kernelFrames(long[] addresses, int count) {
        List<SymbolizedFrame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (kernel.available() && kernel.symbolOf(addresses[i]).isPresent()) {
                frames.add(new SymbolizedFrame(kernel.symbolize(addresses[i]), FrameKind.FRAME_KIND_KERNEL));
                named.incrementAndGet();
            } else {
                frames.add(new SymbolizedFrame("[kernel]+0x" + Long.toHexString(addresses[i]), FrameKind.FRAME_KIND_KERNEL));
                unnamed.incrementAndGet();
            }
        }
        return frames;
    }

    @Override
    public List<SymbolizedFrame> userFrames(int pid, long[] addresses, int count) {
        List<SymbolizedFrame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(new SymbolizedFrame("[unknown]+0x" + Long.toHexString(addresses[i]), FrameKind.FRAME_KIND_UNKNOWN));
        }
        unnamed.addAndGet(count);
        return frames;
    }

    @Override
    public void forget(int pid) {
        // Nothing held per process.
    }

    @Override
    public SymbolizerStats stats() {
        return new SymbolizerStats(named.get(), unnamed.get(), 0, 0, 0);
    }

    @Override
    public void close() {
        // Holds no native or file resources.
    }
}
