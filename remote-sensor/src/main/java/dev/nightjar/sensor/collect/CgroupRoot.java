package dev.nightjar.sensor.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds where the cgroup v2 hierarchy is mounted, from a mountinfo file. */
public final class CgroupRoot {

    private CgroupRoot() {
    }

    /**
     * The mount point of the first cgroup2 file system whose root is the
     * hierarchy's root ("/"), e.g. /sys/fs/cgroup, or /sys/fs/cgroup/unified
     * on hybrid hosts.
     */
    public static Optional<Path> fromMountinfo(Path mountinfo) {
        try {
            for (String line : Files.readAllLines(mountinfo)) {
                int separator = line.indexOf(" - ");
                if (separator < 0) {
                    continue;
                }
                String[] before = line.substring(0, separator).split(" ");
                String[] after = line.substring(separator + 3).split(" ");
                if (before.length >= 5 && after.length >= 1 && after[0].equals("cgroup2") && before[3].equals("/")) {
                    return Optional.of(Path.of(unescape(before[4])));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** mountinfo writes space, tab, newline and backslash as \\ooo octal. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
