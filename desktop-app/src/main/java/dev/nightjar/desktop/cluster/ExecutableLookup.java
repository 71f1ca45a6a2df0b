package dev.nightjar.desktop.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a program the way a shell does: a name with a path separator is taken as a
 * path, a bare name is looked up in each PATH directory. Used to tell the user that a
 * kubeconfig's credential plugin is not installed before fabric8 fails to run it.
 */
public final class ExecutableLookup {

    // Windows resolves "gke-gcloud-auth-plugin" to gke-gcloud-auth-plugin.exe and friends.
    private static final List<String> WINDOWS_SUFFIXES = List.of(".exe", ".cmd", ".bat");

    private final String path;
    private final boolean windows;

    public ExecutableLookup(String path, boolean windows) {
        this.path = path == null ? "" : path;
        this.windows = windows;
    }

    /** The lookup for this process: its PATH and operating system. */
    public static ExecutableLookup ofThisProcess() {
        return new ExecutableLookup(System.getenv("PATH"),
                System.getProperty("os.name", "").toLowerCase().startsWith("windows"));
    }

    public Optional<Path> find(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        try {
            if (command.contains("/") || command.contains("\\")) {
                return candidates(Path.of(command)).stream().filter(ExecutableLookup::isExecutable).findFirst();
            }
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Optional<Path> hit = candidates(Path.of(dir, command)).stream()
                        .filter(ExecutableLookup::isExecutable).findFirst();
                if (hit.isPresent()) {
                    return hit;
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private List<Path> candidates(Path base) {
        if (!windows) {
            return List.of(base);
        }
        var all = new java.util.ArrayList<Path>();
        all.add(base);
        for (String suffix : WINDOWS_SUFFIXES) {
            all.add(base.resolveSibling(base.getFileName() + suffix));
        }
        return all;
    }

    private static boolean isExecutable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
