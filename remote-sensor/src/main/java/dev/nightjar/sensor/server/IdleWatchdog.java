package dev.nightjar.sensor.server;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Ends the sensor when no client has had a call open for the idle period: the
 * sensor's own guarantee that it does not outlive a desktop that vanished.
 *
 * <p>Activity is an authenticated call in progress (a Subscribe stream counts
 * for as long as it is open). The clock is injected, and {@link #check()} can be
 * called directly, so tests decide what time it is.
 */
public final class IdleWatchdog {

    private static final System.Logger LOG = System.getLogger(IdleWatchdog.class.getName());

    private final long idleNanos;
    private final LongSupplier nanoClock;
    private final Runnable onIdle;
    private final AtomicBoolean fired = new AtomicBoolean();
    private int activeCalls;
    private long lastActivity;

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param onIdle runs once, on the checking thread, when the idle period has passed
     */
    public IdleWatchdog(Duration idle, LongSupplier nanoClock, Runnable onIdle) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle period must be positive, was " + idle);
        }
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
        this.onIdle = onIdle;
        this.lastActivity = nanoClock.getAsLong();
    }

    public synchronized void callStarted() {
        activeCalls++;
        lastActivity = nanoClock.getAsLong();
    }

    public synchronized void callEnded() {
        activeCalls = Math.max(0, activeCalls - 1);
        lastActivity = nanoClock.getAsLong();
    }

    public synchronized int activeCalls() {
        return activeCalls;
    }

    /** Runs {@code onIdle} (once ever) if the sensor has been idle long enough; returns whether it has fired. */
    public boolean check() {
        boolean idle;
        synchronized (this) {
            idle = activeCalls == 0 && nanoClock.getAsLong() - lastActivity >= idleNanos;
        }
        if (idle && fired.compareAndSet(false, true)) {
            try {
                onIdle.run();
            } catch (Throwable e) {
                // Could not start the exit (no thread to run it): try again at the next check
                // rather than end the schedule, which anything thrown out of it would.
                fired.set(false);
                LOG.log(System.Logger.Level.ERROR, "idle exit could not start; retrying", e);
            }
        }
        return fired.get();
    }

    /**
     * Starts watching: the idle period counts from now (not from construction,
     * which comes before the collectors load), then checks a few times per
     * idle period, at most once a second.
     */
    public void schedule(ScheduledExecutorService scheduler) {
        synchronized (this) {
            lastActivity = nanoClock.getAsLong();
        }
        long period = Math.clamp(idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
    }
}
