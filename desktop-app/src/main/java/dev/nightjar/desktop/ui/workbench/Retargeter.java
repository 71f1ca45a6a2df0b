package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.targets.TraceTargets;
import java.util.List;
import java.util.function.Consumer;

/** Asks a live session's sensor(s) for other targets (the shell's, off the UI thread). */
@FunctionalInterface
public interface Retargeter {

    /**
     * @param sensor the node whose sensor is asked (a cluster session); "" for a session's one sensor
     * @param next   what that sensor traces from now on
     * @param done   told on the UI thread what was done, in words
     * @param failed told on the UI thread why it could not be done
     */
    void retarget(String sensor, TraceTargets next, Consumer<String> done, Consumer<Exception> failed);

    /**
     * The sensors a session-wide choice (its security policies) is asked of besides those that
     * have sent something: a cluster session's nodes, so that one whose pod is still starting
     * joins with the new choice instead of the session's first. Empty by default.
     */
    default List<String> sensors() {
        return List.of();
    }

    /** {@code each}, over a cluster session's {@code nodes}. */
    static Retargeter over(List<String> nodes, Retargeter each) {
        List<String> all = List.copyOf(nodes);
        return new Retargeter() {
            @Override
            public void retarget(String sensor, TraceTargets next, Consumer<String> done, Consumer<Exception> failed) {
                each.retarget(sensor, next, done, failed);
            }

            @Override
            public List<String> sensors() {
                return all;
            }
        };
    }
}
