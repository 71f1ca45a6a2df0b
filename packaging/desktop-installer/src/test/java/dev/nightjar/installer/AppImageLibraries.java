package dev.nightjar.installer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The system libraries an app image asks for, found in its files: the DT_NEEDED entries of its
 * ELF files (the runtime's libraries, and the natives inside its jars, which JavaFX and netty
 * unpack at run time), and the versioned library names in that native code and in the class
 * files (what dlopen and the FFM API open by name). Libraries the image carries itself are not
 * system libraries and are left out.
 */
final class AppImageLibraries {

    /** A versioned soname as a whole word: libfoo.so.1, libpango-1.0.so.0. */
    private static final Pattern SONAME =
            Pattern.compile("(?<![A-Za-z0-9_.+-])(lib[A-Za-z0-9_+-][A-Za-z0-9_.+-]*?\\.so(?:\\.[0-9]+)+)(?![A-Za-z0-9_+-])");

    /** soname → the files that need it. */
    final Map<String, Set<String>> needed = new TreeMap<>();
    /** soname → the files that name it (dlopen, FFM), needed or not. */
    final Map<String, Set<String>> named = new TreeMap<>();
    private final Set<String> carried = new TreeSet<>();

    private AppImageLibraries() {
    }

    static AppImageLibraries scan(Path image) throws IOException {
        AppImageLibraries found = new AppImageLibraries();
        try (Stream<Path> files = Files.walk(image)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String where = image.relativize(file).toString();
                String name = file.getFileName().toString();
                if (name.endsWith(".jar")) {
                    found.scanJar(file, where);
                } else if (name.contains(".so")) {
                    found.scanFile(name, Files.readAllBytes(file), where);
                }
            }
        }
        found.carried.forEach(found.needed::remove);
        found.carried.forEach(found.named::remove);
        return found;
    }

    private void scanJar(Path jar, String where) throws IOException {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (!entry.isDirectory() && (name.endsWith(".class") || name.contains(".so"))) {
                    scanFile(name, zip.readAllBytes(), where + "!/" + entry.getName());
                }
            }
        }
    }

    private void scanFile(String name, byte[] bytes, String where) {
        if (ElfNeeded.isElf(bytes)) {
            carried.add(name);
            ElfNeeded.of(bytes).forEach(soname -> needed.computeIfAbsent(soname, k -> new TreeSet<>()).add(where));
        }
        Matcher m = SONAME.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            named.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(where);
        }
    }
}
