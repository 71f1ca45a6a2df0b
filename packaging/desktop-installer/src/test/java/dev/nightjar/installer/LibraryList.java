package dev.nightjar.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * src/jpackage/linux-libraries.txt: each shared library the app loads from the system, with the
 * Debian package that ships it, or "-" and why it need not be declared.
 */
record LibraryList(Map<String, Entry> entries) {

    /** One line: the soname, its Debian package (empty for "-"), and the rest of the line. */
    record Entry(String soname, Optional<String> debianPackage, String why) {
    }

    static LibraryList read(Path file) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] f = content.split("\\s+", 3);
            if (f.length < 3) {
                throw new IllegalArgumentException(file + ":" + number + ": expected 'SONAME PACKAGE-or-- WHY', got: " + line);
            }
            Entry entry = new Entry(f[0], f[1].equals("-") ? Optional.empty() : Optional.of(f[1]), f[2]);
            if (entries.put(entry.soname(), entry) != null) {
                throw new IllegalArgumentException(file + ":" + number + ": " + entry.soname() + " is listed twice");
            }
        }
        return new LibraryList(entries);
    }

    /** The Debian packages the .deb depends on, each once. */
    SortedSet<String> debianPackages() {
        SortedSet<String> packages = new TreeSet<>();
        entries.values().forEach(e -> e.debianPackage().ifPresent(packages::add));
        return packages;
    }

    /** The .rpm's requirements: SONAME()(64bit) for each library that has a package. */
    SortedSet<String> rpmCapabilities() {
        SortedSet<String> capabilities = new TreeSet<>();
        entries.values().stream().filter(e -> e.debianPackage().isPresent())
                .forEach(e -> capabilities.add(e.soname() + "()(64bit)"));
        return capabilities;
    }
}
