package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.targets.TraceTargets;
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
}
