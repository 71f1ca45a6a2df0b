package dev.nightjar.sensor.security;

import dev.nightjar.sensor.security.policy.NamespaceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's namespace inodes from /proc/PID/ns, in {@link NamespaceType} order (0 where unreadable). */
final class NamespaceInodes {

    private NamespaceInodes() {
    }

    /**
     * What host_ns stands for: the namespaces of the host's init (pid 1 in {@code procRoot}), or
     * the sensor's own where pid 1's cannot be read (a sensor without the host's pid namespace).
     */
    static long[] host(Path procRoot) {
        long[] init = of(procRoot, "1");
        long[] self = of(procRoot, "self");
        for (int i = 0; i < init.length; i++) {
            if (init[i] == 0) {
                init[i] = self[i];
            }
        }
        return init;
    }

    static long[] of(Path procRoot, int pid) {
        return of(procRoot, Integer.toString(pid));
    }

    private static long[] of(Path procRoot, String pid) {
        long[] inodes = new long[NamespaceType.values().length];
        for (NamespaceType type : NamespaceType.values()) {
            try {
                String link = Files.readSymbolicLink(procRoot.resolve(pid + "/ns/" + type.procName)).toString();
                inodes[type.ordinal()] = Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
            } catch (IOException | RuntimeException e) {
                inodes[type.ordinal()] = 0;
            }
        }
        return inodes;
    }
}
