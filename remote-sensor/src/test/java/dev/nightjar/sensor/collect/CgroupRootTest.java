package dev.nightjar.sensor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupRootTest {

    @Test
    void findsTheCgroup2RootMountAndSkipsSubgroupBinds(@TempDir Path dir) throws IOException {
        Path mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, """
                22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw
                30 22 0:26 /kubepods/pod1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw
                31 22 0:27 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu
                32 22 0:26 / /host/sys/fs/cgroup\\040v2 rw shared:9 - cgroup2 cgroup2 rw
                """);
        assertThat(CgroupRoot.fromMountinfo(mountinfo)).contains(Path.of("/host/sys/fs/cgroup v2"));
    }

    @Test
    void noCgroup2MountMeansEmpty(@TempDir Path dir) throws IOException {
        Path mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, "31 22 0:27 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n");
        assertThat(CgroupRoot.fromMountinfo(mountinfo)).isEmpty();
        assertThat(CgroupRoot.fromMountinfo(dir.resolve("missing"))).isEmpty();
    }
}
