package dev.nightjar.installer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each library a process maps comes from, judged against what a package may rely on:
 * itself, its declared dependencies (with theirs) and the Essential packages. A library from
 * any other package is one the package works with only where someone installed it by hand.
 */
final class LibraryProvenance {

    private LibraryProvenance() {
    }

    /** Reads {@code dpkg-query -S PATH...}: "pkg[:arch][, pkg2...]: /path" lines, into path → packages. */
    static Map<String, Set<String>> owners(String dpkgQueryOutput) {
        Map<String, Set<String>> owners = new HashMap<>();
        for (String line : dpkgQueryOutput.lines().toList()) {
            int split = line.indexOf(": /");
            if (split < 0 || line.startsWith("diversion by")) {
                continue;
            }
            Set<String> packages = owners.computeIfAbsent(line.substring(split + 2), k -> new TreeSet<>());
            for (String p : line.substring(0, split).split(",")) {
                packages.add(p.strip().replaceAll(":[a-z0-9]+$", ""));
            }
        }
        return owners;
    }

    /**
     * The path as dpkg may have recorded it: Debian 12 merged /lib into /usr/lib, but packages
     * still list /lib/..., so a library mapped from /usr/lib/x is /lib/x in dpkg's files.
     */
    static List<String> aliases(String path) {
        List<String> all = new ArrayList<>(List.of(path));
        for (String dir : List.of("/lib/", "/lib64/", "/bin/", "/sbin/")) {
            if (path.startsWith("/usr" + dir)) {
                all.add(path.substring(4));
            } else if (path.startsWith(dir)) {
                all.add("/usr" + path);
            }
        }
        return all;
    }

    /**
     * What is wrong with each mapped library, in words a person can act on; empty when nothing is.
     *
     * @param carried directories where the package's own natives are unpacked at run time (from
     *                its jars: JavaFX's cache, netty's temporary files); dpkg owns nothing there
     */
    static List<String> problems(Set<String> mapped, Map<String, Set<String>> owners, Set<String> allowed,
            List<String> carried) {
        List<String> problems = new ArrayList<>();
        for (String path : mapped) {
            Set<String> from = new TreeSet<>();
            aliases(path).forEach(alias -> from.addAll(owners.getOrDefault(alias, Set.of())));
            if (from.isEmpty()) {
                if (carried.stream().noneMatch(path::startsWith)) {
                    problems.add(path + " is mapped, but no package owns it and it is not one the app unpacks from its jars");
                }
            } else if (from.stream().noneMatch(allowed::contains)) {
                problems.add(path + " comes from " + String.join(", ", from)
                        + ", which neither the package's dependencies nor the Essential packages bring in");
            }
        }
        return problems;
    }
}
