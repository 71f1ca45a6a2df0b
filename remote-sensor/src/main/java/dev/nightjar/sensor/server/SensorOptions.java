package dev.nightjar.sensor.server;

import dev.nightjar.sensor.collect.CgroupRoot;
import java.nio.file.Path;

/**
 * What collectors need to know about where they run, handed to a {@link CollectorFactory}.
 *
 * @param procRoot the host's /proc ({@code /host/proc} inside a pod)
 * @param sysRoot  the host's /sys ({@code /host/sys} inside a pod): BTF, tracefs, the cgroup2 mount
 * @param nodeName the name events are stamped with
 */
public record SensorOptions(Path procRoot, Path sysRoot, String nodeName) {

    /**
     * The cgroup v2 mount: cgroup ids are inodes of directories under it. Read
     * from mountinfo, because hosts with the hybrid layout mount it at
     * {@code /sys/fs/cgroup/unified} and keep v1 controllers at {@code /sys/fs/cgroup}.
     */
    public Path cgroupRoot() {
        return CgroupRoot.fromMountinfo(procRoot.resolve("self/mountinfo"))
                .orElse(sysRoot.resolve("fs/cgroup"));
    }
}
