package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.targets.TraceTargets;
import java.util.function.Consumer;

/** Asks a live session's sensor(s) for other targets (the shell's, off the UI thread). */
@FunctionalInterface
public interface Retargeter {

    /**
     * @param done   told on the UI thread what was done, in words
     * @param failed told on the UI thread why it could not be done
     */
    void retarget(TraceTargets next, Consumer<String> done, Consumer<Exception> failed);
}
