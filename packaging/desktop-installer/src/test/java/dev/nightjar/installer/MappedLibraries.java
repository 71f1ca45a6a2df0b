package dev.nightjar.installer;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The shared objects a process has mapped, from its {@code /proc/PID/maps}. */
final class MappedLibraries {

    private static final Pattern SHARED_OBJECT = Pattern.compile(".*\\.so(\\.[0-9]+)*");
    private static final String DELETED = " (deleted)";

    private MappedLibraries() {
    }

    /** Paths of mapped files named like a shared object (lib*.so, lib*.so.N...), each once. */
    static Set<String> in(String maps) {
        Set<String> paths = new TreeSet<>();
        for (String line : maps.lines().toList()) {
            // address perms offset dev inode [path]; the path may contain spaces
            String[] f = line.strip().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            String path = f[5].endsWith(DELETED) ? f[5].substring(0, f[5].length() - DELETED.length()) : f[5];
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (SHARED_OBJECT.matcher(name).matches()) {
                paths.add(path);
            }
        }
        return paths;
    }
}
