package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.sensor.btf.KernelSymbols;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel frames through the node's real kallsyms. */
@KernelTest
class KernelFramesTest {

    @Test
    void kernelAddressesAreNamedFromKallsyms() throws Exception {
        Path proc = Path.of("/proc");
        KernelSymbols kernel = KernelSymbols.load(proc);
        if (!kernel.available()) {
            Requires.unavailable(kernel.unavailableReason());
        }
        long schedule = -1;
        for (String line : Files.readAllLines(proc.resolve("kallsyms"))) {
            if (line.endsWith(" T schedule")) {
                schedule = Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
            }
        }
        try (StackSymbolizer symbolizer = StackSymbolizers.onNode(proc, kernel)) {
            List<SymbolizedFrame> frames = symbolizer.kernelFrames(new long[] {schedule + 1, schedule + 2, 0}, 2);
            assertEquals(List.of(new SymbolizedFrame("schedule", FrameKind.FRAME_KIND_KERNEL),
                    new SymbolizedFrame("schedule", FrameKind.FRAME_KIND_KERNEL)), frames);
            assertEquals(new SymbolizedFrame("[kernel]+0x10", FrameKind.FRAME_KIND_KERNEL),
                    symbolizer.kernelFrames(new long[] {0x10}, 1).get(0), "below every kernel symbol: shown, not dropped");
        }
    }
}
