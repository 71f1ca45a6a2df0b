package dev.nightjar.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A pristine Debian root file system, {@code debootstrap --variant=minbase}: what a minimal
 * Debian install has, and nothing installed by hand. Made once (about 1.5 minutes, mostly
 * download) and kept as a tar in a cache directory; each test run unpacks a fresh copy.
 */
final class DebianRootImage {

    private static final Duration DEBOOTSTRAP_LIMIT = Duration.ofMinutes(15);

    private DebianRootImage() {
    }

    /** The cached tar of SUITE's minbase root from MIRROR, made first if it is not there. */
    static Path ensure(Path cache, String suite, String mirror) throws IOException {
        String arch = Command.run(Duration.ofSeconds(10), "dpkg", "--print-architecture").output().strip();
        Path tar = cache.resolve(suite + "-minbase-" + arch + "-" + key(suite, mirror, arch) + ".tar");
        if (Files.isRegularFile(tar)) {
            return tar;
        }
        Files.createDirectories(cache);
        Path work = Files.createTempDirectory(cache, "debootstrap-");
        try {
            Path root = work.resolve("root");
            Command debootstrap = Command.run(DEBOOTSTRAP_LIMIT, "debootstrap", "--variant=minbase",
                    "--arch=" + arch, suite, root.toString(), mirror);
            if (!debootstrap.ok()) {
                throw new IOException("debootstrap --variant=minbase " + suite + " from " + mirror
                        + " failed (check the network and -Dinstaller.debian.mirror):\n" + tail(debootstrap.output()));
            }
            // A fresh system has no downloaded packages lying around.
            Command.run(Duration.ofMinutes(1), "find", root.resolve("var/cache/apt/archives").toString(),
                    "-name", "*.deb", "-delete");
            Path partial = work.resolve("root.tar");
            Command pack = Command.run(Duration.ofMinutes(5), "tar", "--create", "--file", partial.toString(),
                    "--directory", root.toString(), "--numeric-owner", ".");
            if (!pack.ok()) {
                throw new IOException("tar of the debootstrap'ed root failed:\n" + tail(pack.output()));
            }
            // Whole or not at all: a run interrupted before this leaves no half tar behind.
            Files.move(partial, tar, StandardCopyOption.ATOMIC_MOVE);
            return tar;
        } finally {
            Command.run(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", work.toString());
        }
    }

    private static String key(String suite, String mirror, String arch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", suite, mirror, arch, "minbase", "v1").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tail(String output) {
        return output.lines().skip(Math.max(0, output.lines().count() - 25)).reduce("", (a, b) -> a + b + "\n");
    }
}
