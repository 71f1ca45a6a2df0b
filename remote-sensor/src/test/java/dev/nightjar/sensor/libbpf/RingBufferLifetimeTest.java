package dev.nightjar.sensor.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record slice outlives its drain callback only by mistake; such a mistake must be an
 * exception, not a read of unmapped memory that takes the whole sensor down. Runs in a
 * child JVM, so that if the mapping is not bound to the ring's lifetime the crash ends
 * the child and fails this test instead of ending the test run.
 */
@KernelTest
class RingBufferLifetimeTest {

    @TempDir
    Path dir;

    @Test
    void aSliceKeptAfterCloseThrowsInsteadOfReadingUnmappedMemory() throws Exception {
        KernelTestSupport.requireBpf();
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:off",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash",
                "-cp", System.getProperty("java.class.path"), KeptSliceChild.class.getName()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the child JVM did not finish in 60 s: " + Files.readString(out));
        }
        String printed = Files.readString(out);
        assertThat(child.exitValue()).as("child exit; it printed:%n%s", printed).isZero();
        assertThat(printed).contains(KeptSliceChild.THREW + IllegalStateException.class.getName());
    }
}
