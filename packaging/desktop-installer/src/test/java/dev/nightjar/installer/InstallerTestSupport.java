package dev.nightjar.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's rule for tests that need the machine (root, dpkg, Xvfb), as this module's one
 * copy of it: without what they need they are skipped with the reason, except under
 * {@code CI=true}, where they must run and therefore fail.
 */
final class InstallerTestSupport {

    private InstallerTestSupport() {
    }

    static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test, or fails it under CI. */
    static void unavailable(String reason) {
        if (underCi()) {
            Assertions.fail("CI=true requires this test to run, but: " + reason);
        }
        Assumptions.abort(reason);
    }

    static void requireRoot(String why) {
        if (!isRoot()) {
            unavailable("needs root to " + why + " (uid is not 0)");
        }
    }

    /** Each tool must be on PATH; {@code apt} names the Debian packages that provide them. */
    static void requireTools(List<String> tools, String apt) {
        for (String tool : tools) {
            if (!onPath(tool)) {
                unavailable("needs '" + tool + "' on PATH (apt-get install " + apt + ")");
            }
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
