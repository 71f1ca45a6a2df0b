package dev.nightjar.desktop.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** A stand-in UI thread for view-model tests without a stage: work is queued, and run by {@link #pulse()}. */
public final class UiQueue implements Executor {

    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public void execute(Runnable command) {
        queued.add(command);
    }

    /** Runs what is queued, and what that queues, a few rounds deep. */
    public void pulse() {
        for (int i = 0; i < 5 && !queued.isEmpty(); i++) {
            List<Runnable> now = new ArrayList<>(queued);
            queued.clear();
            now.forEach(Runnable::run);
        }
    }
}
