package dev.nightjar.installer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which installed Debian package ships a file: dpkg's own file lists (/var/lib/dpkg/info/*.list). */
final class DpkgFiles {

    private final Map<String, Set<String>> owners = new HashMap<>();

    static DpkgFiles read(Path info) throws IOException {
        DpkgFiles files = new DpkgFiles();
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.list")) {
            for (Path list : lists) {
                String name = list.getFileName().toString();
                String pkg = name.substring(0, name.length() - ".list".length()).replaceAll(":[a-z0-9]+$", "");
                for (String path : Files.readAllLines(list)) {
                    files.owners.computeIfAbsent(path, k -> new TreeSet<>()).add(pkg);
                }
            }
        }
        return files;
    }

    /** The packages that ship PATH, under any of its names (merged /usr aliases); empty if none. */
    Set<String> owners(String path) {
        Set<String> found = new TreeSet<>();
        LibraryProvenance.aliases(path).forEach(alias -> found.addAll(owners.getOrDefault(alias, Set.of())));
        return found;
    }
}
