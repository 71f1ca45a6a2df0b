package dev.nightjar.packaging.sensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies an image's layers in order into a directory, as an engine's snapshotter
 * does: OCI whiteouts ({@code .wh.NAME} removes NAME from the layers below,
 * {@code .wh..wh..opq} empties its directory) are honoured, owners kept numerically.
 */
final class RootFs {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private RootFs() {
    }

    static void unpack(List<Path> layers, Path root) throws IOException, InterruptedException {
        Commands.run(root.getParent(), List.of("rm", "-rf", root.toString()), 120);
        Files.createDirectories(root);
        for (Path layer : layers) {
            List<String> entries = Commands.run(root, List.of("tar", "-tzf", layer.toString()), 120).lines()
                    .map(name -> name.startsWith("./") ? name.substring(2) : name)
                    .toList();
            for (String entry : entries) {
                if (baseName(entry).equals(OPAQUE)) {
                    clear(root.resolve(parent(entry)));
                }
            }
            Commands.run(root, List.of("tar", "-xzf", layer.toString(), "-C", root.toString(),
                    "--numeric-owner", "--same-owner", "--same-permissions"), 300);
            for (String entry : entries) {
                String name = baseName(entry);
                if (name.startsWith(WHITEOUT)) {
                    Path marker = root.resolve(entry);
                    if (!name.equals(OPAQUE)) {
                        remove(marker.resolveSibling(name.substring(WHITEOUT.length())));
                    }
                    Files.deleteIfExists(marker);
                }
            }
        }
    }

    private static void clear(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir)) {
            Commands.run(dir, List.of("find", dir.toString(), "-mindepth", "1", "-delete"), 60);
        }
    }

    private static void remove(Path path) throws IOException, InterruptedException {
        Commands.run(path.getParent(), List.of("rm", "-rf", "--", path.toString()), 60);
    }

    private static String baseName(String entry) {
        String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String parent(String entry) {
        int slash = entry.lastIndexOf('/');
        return slash < 0 ? "" : entry.substring(0, slash);
    }
}
