package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.SensorResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfResourcesTest {

    @Test
    void readsThisJvmsCpuTimeAndRss() throws Exception {
        Duration before = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        SensorResources resources = new SelfResources().read();
        Duration after = ProcessHandle.current().info().totalCpuDuration().orElseThrow();

        long tick = Duration.ofMillis(10).toNanos();
        assertThat(resources.getCpuTimeNsTotal()).isBetween(before.toNanos() - tick, after.toNanos() + tick);

        // statm's resident pages are an independent view of the same number.
        long residentPages = Long.parseLong(Files.readString(Path.of("/proc/self/statm")).split(" ")[1]);
        long statmBytes = residentPages * 4096;
        assertThat(resources.getRssBytes()).isGreaterThan(10L << 20)
                .isBetween(statmBytes / 2, statmBytes * 2);
    }

    @Test
    void parsesStatWithAnAwkwardCommandNameAndStatusInKilobytes(@TempDir Path proc) throws Exception {
        // utime=250 and stime=50 ticks: 3 s at USER_HZ 100.
        Files.writeString(proc.resolve("stat"), "4242 (my (odd) comm) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0"
                + " 20 0 8 0 12345 1000000 500 18446744073709551615\n");
        Files.writeString(proc.resolve("status"), "Name:\tx\nVmPeak:\t 9999 kB\nVmRSS:\t    2048 kB\nThreads:\t8\n");
        SensorResources resources = new SelfResources(proc).read();
        assertThat(resources.getCpuTimeNsTotal()).isEqualTo(3_000_000_000L);
        assertThat(resources.getRssBytes()).isEqualTo(2048L * 1024);
    }

    @Test
    void unreadableFilesGiveZerosNotErrors(@TempDir Path empty) {
        assertThat(new SelfResources(empty).read()).isEqualTo(SensorResources.getDefaultInstance());
    }
}
