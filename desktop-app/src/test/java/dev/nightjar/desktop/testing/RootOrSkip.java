package dev.nightjar.desktop.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that need root, the real kernel or a built sensor: without them the
 * test is skipped with the reason, except under {@code CI=true}, where it must run and
 * so fails with the reason.
 */
public final class RootOrSkip {

    private RootOrSkip() {
    }

    /** This process runs as uid 0 (the owner of /proc/self). */
    public static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"),
                    "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true requires this test to run, but it " + reason);
        }
        Assumptions.abort(reason);
    }
}
