package dev.nightjar.sensor.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc files with a size cap: a command line can be megabytes long. */
public final class ProcFiles {

    private ProcFiles() {
    }

    public static byte[] readBounded(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(maxBytes);
        }
    }

    public static String readString(Path file, int maxBytes) throws IOException {
        return new String(readBounded(file, maxBytes), StandardCharsets.UTF_8);
    }

    /**
     * How long this process has existed, in nanoseconds: the boot-relative clock of
     * {@code /proc/uptime} minus the process's start time in {@code /proc/self/stat}, both since
     * boot, so the result is as precise as a clock tick (10 ms). (A start time computed from
     * {@code btime}, which has whole seconds, can be off by a second.) 0 if unreadable.
     */
    public static long selfAgeNanos() {
        try {
            String uptime = readString(Path.of("/proc/uptime"), 256).strip();
            long nowNanos = new java.math.BigDecimal(uptime.substring(0, uptime.indexOf(' ')))
                    .movePointRight(9).longValueExact();
            long startNanos = ProcStat.ticksToNanos(ProcStat.parse(readString(Path.of("/proc/self/stat"), 4096)
                    .strip()).startTicks());
            return Math.max(0, nowNanos - startNanos);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The node's boot time from the {@code btime} line of {@code /proc/stat}, in ns since the epoch; 0 if unreadable. */
    public static long bootTimeNanos(Path procRoot) {
        try {
            for (String line : readString(procRoot.resolve("stat"), 1 << 20).split("\n")) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).strip()) * 1_000_000_000L;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The caller reports 0 as "unknown"; boot time is informational.
        }
        return 0;
    }

    /** Wall-clock now in nanoseconds since the epoch, the unit of every timestamp on the wire. */
    public static long epochNanosNow() {
        var now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
