package dev.nightjar.desktop.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a deployment keeps while it lives: every few seconds it asks whether the
 * lease is due and looks again at nodes whose pod waits. It starts the moment the session's
 * first object with a lease exists (its Secret), so a session that is still pulling its
 * image on a slow node keeps its lease like one that streams.
 */
final class SessionTimer implements AutoCloseable {

    static final String THREAD_NAME = "nightjar-session-lease";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });

    SessionTimer(Duration every, Runnable tick) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the lease check interval must be positive, not " + every);
        }
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                tick.run();
            } catch (RuntimeException e) {
                // the next tick tries again; a scheduled task that throws would never run again
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the ticks; a tick under way is interrupted (its request gives up) and gets a moment to end. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
