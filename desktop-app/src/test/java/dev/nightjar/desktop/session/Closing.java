package dev.nightjar.desktop.session;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Closes a test's resources in the order given, each even when an earlier one failed,
 * skipping the ones never opened; the first failure is thrown with the others suppressed.
 * The real-sensor tests open a sensor, a port-forward bridge, a mock API server and
 * traffic, and must not leave a sensor process running when one close fails.
 */
final class Closing {

    private Closing() {
    }

    static void all(AutoCloseable... resources) throws Exception {
        closeInOrder(Arrays.asList(resources));
    }

    /** The resources of a collection as one, closed as {@link #all} closes them. */
    static AutoCloseable each(Collection<? extends AutoCloseable> resources) {
        List<AutoCloseable> copy = List.copyOf(resources);
        return () -> closeInOrder(copy);
    }

    private static void closeInOrder(List<? extends AutoCloseable> resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable c : resources) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
