package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.targets.TraceTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Stands for a live session's sensors in view-model tests: records each request; the test answers it. */
final class RecordingRetargeter implements Retargeter {

    /** The sensor of each request, in order. */
    final List<String> sensors = new ArrayList<>();
    /** What each request asked for. */
    final List<TraceTargets> targets = new ArrayList<>();
    /** Take the request (the test says what the sensor did). */
    final List<Consumer<String>> answers = new ArrayList<>();
    /** Refuse it. */
    final List<Consumer<Exception>> refusals = new ArrayList<>();

    @Override
    public void retarget(String sensor, TraceTargets next, Consumer<String> done, Consumer<Exception> failed) {
        sensors.add(sensor);
        targets.add(next);
        answers.add(done);
        refusals.add(failed);
    }
}
