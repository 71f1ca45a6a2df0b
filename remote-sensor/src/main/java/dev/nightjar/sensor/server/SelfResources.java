package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.SensorResources;
import dev.nightjar.sensor.proc.ProcFiles;
import dev.nightjar.sensor.proc.ProcStat;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The sensor's own CPU time and memory, from {@code /proc/self} (the sensor's
 * own proc, not the host's: inside a pod that is still this process).
 * CPU is user + system time of the whole process from {@code stat}; memory is
 * {@code VmRSS} from {@code status}, which is in kB whatever the page size is.
 */
public final class SelfResources {

    private static final int MAX_BYTES = 64 * 1024;

    private final Path procSelf;

    public SelfResources() {
        this(Path.of("/proc/self"));
    }

    /** @param procSelf a {@code /proc/PID} directory (tests point it elsewhere) */
    public SelfResources(Path procSelf) {
        this.procSelf = procSelf;
    }

    /** Zeros for what cannot be read: resources are informational and never fail a stream. */
    public SensorResources read() {
        SensorResources.Builder resources = SensorResources.newBuilder();
        try {
            resources.setCpuTimeNsTotal(ProcStat.parse(ProcFiles.readString(procSelf.resolve("stat"), MAX_BYTES))
                    .cpuTimeNanos());
        } catch (IOException | IllegalArgumentException e) {
            // left 0
        }
        try {
            for (String line : ProcFiles.readString(procSelf.resolve("status"), MAX_BYTES).split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).strip();
                    resources.setRssBytes(Long.parseLong(kb.substring(0, kb.indexOf(' ')).strip()) * 1024);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // left 0
        }
        return resources.build();
    }
}
