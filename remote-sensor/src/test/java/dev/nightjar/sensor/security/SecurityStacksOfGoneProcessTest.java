package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.sensor.btf.KernelSymbols;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A process that exited before its event was enriched: its maps are gone, so its user frames
 * are sent as addresses (no symbol, no module), all of them up to the per-stack bound.
 */
class SecurityStacksOfGoneProcessTest {

    private static final Path PROC = Path.of("/proc");

    @Test
    void aGoneProcessesFramesKeepTheirAddressesUpToTheBound() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor()).isZero();
        long[] addresses = LongStream.range(0, SecurityStacks.MAX_FRAMES + 8).map(i -> 0x7f00_0000_1000L + 16 * i)
                .toArray();
        try (SecurityStacks stacks = new SecurityStacks(PROC, KernelSymbols.load(PROC), 1 << 20)) {
            List<SecurityFrame> frames = stacks.userFrames((int) gone.pid(), addresses);

            assertThat(frames).hasSize(SecurityStacks.MAX_FRAMES);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i)).isEqualTo(SecurityFrame.newBuilder().setAddress(addresses[i]).build());
            }
        }
    }
}
