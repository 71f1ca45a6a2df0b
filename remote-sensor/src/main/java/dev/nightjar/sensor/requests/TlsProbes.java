package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.libbpf.BpfException;
import dev.nightjar.sensor.libbpf.BpfLink;
import dev.nightjar.sensor.libbpf.BpfObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenSSL's plaintext: uprobes on SSL_write, SSL_write_ex, SSL_read and SSL_read_ex (and
 * their returns) in each {@code libssl.so.3} file a selected process maps. A uprobe belongs
 * to the file (its inode), not to a process: one set of probes per file serves every process
 * that maps it, and the kernel-side task filter decides whose calls are read. A file's probes
 * are attached when the first process seen mapping it appears (the capture announces each
 * selected process once) and detached when the last of those processes has exited.
 *
 * <p>Thread-safe: the poll thread announces processes, the flush thread forgets exited ones.
 */
final class TlsProbes {

    static final String LIBRARY = "libssl.so.3";
    /** Functions and their entry programs; entries of _ex variants pair with the _ex return program. */
    private static final Map<String, String> ENTRIES = Map.of(
            "SSL_write", "nj_req_ssl_write", "SSL_write_ex", "nj_req_ssl_write_ex",
            "SSL_read", "nj_req_ssl_read", "SSL_read_ex", "nj_req_ssl_read_ex");
    /** Libraries probed at once, at most: a bound on links whatever the node runs. */
    static final int MAX_LIBRARIES = 64;
    private static final int MAX_MAPS_LINES = 100_000;

    /** One libssl file: by (device, inode) as /proc/PID/maps names it. */
    private record Library(String path, List<BpfLink> links, Set<Integer> pids) {
    }

    private final BpfObject object;
    private final Path procRoot;
    private final String unavailable;
    private final Map<String, Library> libraries = new LinkedHashMap<>();
    /** Files whose probes failed, with why; not tried again. */
    private final Map<String, String> failed = new LinkedHashMap<>();

    /**
     * @param unavailable why the uprobe programs did not load ("" when they did): nothing is attached then
     */
    TlsProbes(BpfObject object, Path procRoot, String unavailable) {
        this.object = object;
        this.procRoot = procRoot;
        this.unavailable = unavailable;
    }

    /** Why TLS plaintext is not read at all; "" when the probes can be attached. */
    String unavailable() {
        return unavailable;
    }

    /** A selected process was seen: probes for the libssl it maps, if not there yet. */
    synchronized void processSeen(int pid) {
        if (!unavailable.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> mapped : mappedLibraries(pid).entrySet()) {
            String key = mapped.getKey();
            Library library = libraries.get(key);
            if (library == null && !failed.containsKey(key) && libraries.size() < MAX_LIBRARIES) {
                library = attach(key, pid, mapped.getValue());
            }
            if (library != null) {
                library.pids().add(pid);
            }
        }
    }

    /** Detaches the probes of files no announced process maps any more. */
    synchronized void forgetExited() {
        libraries.values().removeIf(library -> {
            library.pids().removeIf(pid -> !Files.isDirectory(procRoot.resolve(Integer.toString(pid))));
            if (!library.pids().isEmpty()) {
                return false;
            }
            library.links().forEach(BpfLink::close);
            return true;
        });
    }

    synchronized void detachAll() {
        libraries.values().forEach(library -> library.links().forEach(BpfLink::close));
        libraries.clear();
    }

    /** What is probed now, e.g. "openssl (libssl.so.3, uprobes): /usr/lib/x86_64-linux-gnu/libssl.so.3". */
    synchronized List<String> describe() {
        List<String> lines = new ArrayList<>();
        libraries.values().forEach(l -> lines.add("openssl (" + LIBRARY + ", uprobes): " + l.path()
                + " (" + l.pids().size() + " processes)"));
        failed.forEach((key, why) -> lines.add("openssl (" + LIBRARY + "): not probed: " + why));
        return lines;
    }

    /** Whether probes are attached to a file of this path (as the process sees it). */
    synchronized boolean probes(String path) {
        return libraries.values().stream().anyMatch(l -> l.path().equals(path));
    }

    private Library attach(String key, int pid, String path) {
        // Through the process's root: the file as the process sees it, in its own mount namespace.
        Path file = procRoot.resolve(Integer.toString(pid)).resolve("root").resolve(path.substring(1));
        if (!Files.isRegularFile(file)) {
            return null; // the process is gone: the next one that maps the file tries again
        }
        List<BpfLink> links = new ArrayList<>();
        try {
            for (Map.Entry<String, String> entry : ENTRIES.entrySet()) {
                String function = entry.getKey();
                String returnProgram = function.endsWith("_ex") ? "nj_req_ssl_ret_ex" : "nj_req_ssl_ret";
                links.add(object.program(returnProgram).attachUprobe(file, function, true));
                links.add(object.program(entry.getValue()).attachUprobe(file, function, false));
            }
        } catch (BpfException e) {
            links.forEach(BpfLink::close);
            if (Files.isRegularFile(file)) {
                failed.put(key, path + ": " + e.getMessage());
            } // else the process went while probes were attached: the next one tries again
            return null;
        }
        Library library = new Library(path, links, new HashSet<>());
        libraries.put(key, library);
        return library;
    }

    /** libssl files a process maps, by "device inode", with their paths; empty when it is gone. */
    private Map<String, String> mappedLibraries(int pid) {
        Map<String, String> found = new LinkedHashMap<>();
        Path maps = procRoot.resolve(Integer.toString(pid)).resolve("maps");
        try (BufferedReader reader = Files.newBufferedReader(maps, StandardCharsets.ISO_8859_1)) {
            String line;
            for (int n = 0; n < MAX_MAPS_LINES && (line = reader.readLine()) != null; n++) {
                libraryOf(line).ifPresent(entry -> found.putIfAbsent(entry[0], entry[1]));
            }
        } catch (IOException | RuntimeException e) {
            // The process exited (or hides its maps): nothing to probe for it.
        }
        return found;
    }

    /** From one maps line: {"dev inode", path} when it maps a libssl.so.3 file. */
    static Optional<String[]> libraryOf(String mapsLine) {
        String[] fields = mapsLine.trim().split("\\s+", 6);
        if (fields.length < 6 || !fields[5].startsWith("/")) {
            return Optional.empty();
        }
        String path = fields[5];
        if (!path.endsWith("/" + LIBRARY)) {
            return Optional.empty();
        }
        return Optional.of(new String[] {fields[3] + " " + fields[4], path});
    }
}
