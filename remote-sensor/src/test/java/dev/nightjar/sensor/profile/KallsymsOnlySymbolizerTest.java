package dev.nightjar.sensor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KallsymsOnlySymbolizerTest {

    @TempDir
    Path proc;

    @Test
    void kernelFramesAreNamedAndUserFramesKeptAsAddresses() throws IOException {
        Files.writeString(proc.resolve("kallsyms"), """
                ffffffff81000000 T _stext
                ffffffff81100000 T do_syscall_64
                ffffffff81100200 t vfs_write
                """);
        KallsymsOnlySymbolizer symbolizer = new KallsymsOnlySymbolizer(KernelSymbols.load(proc));
        assertThat(symbolizer.kernelFrames(new long[] {0xffffffff81100210L, 0xffffffff81100010L, 0}, 2))
                .containsExactly(new SymbolizedFrame("vfs_write+0x10", FrameKind.FRAME_KIND_KERNEL),
                        new SymbolizedFrame("do_syscall_64+0x10", FrameKind.FRAME_KIND_KERNEL));
        assertThat(symbolizer.userFrames(42, new long[] {0x401234L}, 1))
                .containsExactly(new SymbolizedFrame("[unknown]+0x401234", FrameKind.FRAME_KIND_UNKNOWN));
        assertThat(symbolizer.stats().framesNamed()).isEqualTo(2);
        assertThat(symbolizer.stats().framesUnnamed()).isEqualTo(1);
    }

    @Test
    void withoutKallsymsKernelFramesAreAddressesNotDropped() {
        KallsymsOnlySymbolizer symbolizer = new KallsymsOnlySymbolizer(KernelSymbols.load(proc.resolve("missing")));
        assertThat(symbolizer.kernelFrames(new long[] {0xffffffff81100210L}, 1))
                .containsExactly(new SymbolizedFrame("[kernel]+0xffffffff81100210", FrameKind.FRAME_KIND_KERNEL));
    }
}
