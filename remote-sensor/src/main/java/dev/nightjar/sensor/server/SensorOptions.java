package dev.nightjar.sensor.server;

import java.nio.file.Path;

/**
 * What collectors need to know about where they run, handed to a {@link CollectorFactory}.
 *
 * @param procRoot the host's /proc ({@code /host/proc} inside a pod)
 * @param sysRoot  the host's /sys ({@code /host/sys} inside a pod): BTF, tracefs, the cgroup2 mount
 * @param nodeName the name events are stamped with
 */
public record SensorOptions(Path procRoot, Path sysRoot, String nodeName) {

    /** The host's cgroup2 mount: cgroup ids are inodes of directories under it. */
    public Path cgroupRoot() {
        return sysRoot.resolve("fs/cgroup");
    }
}
