package dev.nightjar.sensor.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A fake /proc tree in a temp dir, with the files ProcessResolver reads. */
final class SyntheticProc {

    static final long BTIME = 1_700_000_000L;

    final Path procRoot;
    final Path cgroupRoot;

    SyntheticProc(Path base) throws IOException {
        this.procRoot = Files.createDirectories(base.resolve("proc"));
        this.cgroupRoot = Files.createDirectories(base.resolve("cgroup"));
        Files.writeString(procRoot.resolve("stat"), "cpu  1 2 3 4\nbtime " + BTIME + "\nprocesses 9\n");
    }

    /** Adds /proc/PID with a cgroup v2 path, creating that cgroup directory too. */
    Path addProcess(int pid, String comm, long startTicks, List<String> args, String cgroupPath, long netns)
            throws IOException {
        Path dir = Files.createDirectories(procRoot.resolve(Integer.toString(pid)));
        writeStat(pid, comm, startTicks);
        Files.writeString(dir.resolve("cmdline"), String.join("\0", args) + (args.isEmpty() ? "" : "\0"));
        Files.writeString(dir.resolve("cgroup"), "0::" + cgroupPath + "\n");
        Files.createDirectories(dir.resolve("ns"));
        Files.createSymbolicLink(dir.resolve("ns/net"), Path.of("net:[" + netns + "]"));
        String relative = cgroupPath.replaceFirst("^(/\\.\\.)*/", "");
        if (!relative.isEmpty()) {
            Files.createDirectories(cgroupRoot.resolve(relative));
        }
        return dir;
    }

    void writeStat(int pid, String comm, long startTicks) throws IOException {
        Files.writeString(procRoot.resolve(pid + "/stat"), pid + " (" + comm + ") S 1 " + pid + " " + pid
                + " 0 -1 4194560 0 0 0 0 5 5 0 0 20 0 1 0 " + startTicks + " 1000 100 0\n");
    }

    long cgroupInode(String cgroupPath) throws IOException {
        String relative = cgroupPath.replaceFirst("^(/\\.\\.)*/", "");
        return ((Number) Files.getAttribute(cgroupRoot.resolve(relative), "unix:ino")).longValue();
    }

    void remove(int pid) throws IOException {
        try (var files = Files.walk(procRoot.resolve(Integer.toString(pid)))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
