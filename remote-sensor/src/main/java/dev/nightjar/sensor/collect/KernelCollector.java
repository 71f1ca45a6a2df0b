package dev.nightjar.sensor.collect;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every kernel-backed collector shares: the start that records a reason
 * instead of throwing, the filter kept until the kernel side exists, and a
 * single daemon thread that flushes the kernel's maps every interval and once
 * more on close. Subclasses load their objects in {@link #open()}, read them
 * in {@link #flush(EventSink)} (and in pollers, {@link #startPoller}) and free
 * them in {@link #release()}, which runs once and never while a flush or poll is
 * still using them (see {@link #close()}).
 */
public abstract class KernelCollector implements Collector {

    private static final System.Logger LOG = System.getLogger(KernelCollector.class.getName());
    private static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Duration MAX_POLLER_WAIT = Duration.ofSeconds(5);
    /** After this many failed flushes in a row the state says the feature is failing (GetInfo stops saying running). */
    static final int FAILING_AFTER = 3;

    private final Feature feature;
    private final Duration closeWait;
    private final NativeUse nativeUse = new NativeUse(this::releaseQuietly);
    private final Object lock = new Object();
    private final AtomicLong flushFailures = new AtomicLong();
    private final AtomicLong pollFailures = new AtomicLong();
    private int failuresInARow; // only touched by the flush thread
    private volatile FeatureState state;
    /** The state after a successful open, restored when flushes succeed again after failing. */
    private volatile FeatureState runningState;
    private volatile Filter filter = Filter.getDefaultInstance();
    private volatile Duration flushInterval;
    private volatile List<LossCounter> losses = List.of();
    private volatile String lastFlushError = "";
    private ScheduledExecutorService executor;
    private final List<ExecutorService> pollers = new ArrayList<>(); // guarded by lock
    private ScheduledFuture<?> flushTask;
    private EventSink sink;
    private boolean started;
    private volatile boolean closed;

    protected KernelCollector(Feature feature, Duration flushInterval) {
        this(feature, flushInterval, DEFAULT_CLOSE_WAIT);
    }

    /**
     * @param closeWait how long {@link #close()} waits for the flush thread (and, up to 5 s,
     *                  for each poller) to stop before it interrupts it (default 10 s)
     */
    protected KernelCollector(Feature feature, Duration flushInterval, Duration closeWait) {
        this.feature = feature;
        this.flushInterval = flushInterval;
        this.closeWait = Objects.requireNonNull(closeWait, "closeWait");
        this.state = notRunning("not started");
    }

    /** Loads and attaches the kernel side; returns a note on what is degraded, or "". */
    protected abstract String open();

    /** Writes the filter into the loaded objects' maps. */
    protected abstract void pushFilter(Filter filter);

    /** Reads the kernel side and publishes; runs on the collector's thread only. */
    protected abstract void flush(EventSink sink);

    /** Current losses, read from the kernel; runs on the collector's thread only. */
    protected abstract List<LossCounter> readLossCounters();

    /**
     * Detaches and frees every kernel object this collector holds; must tolerate a partial
     * open. Runs once, when no flush or poll is inside; possibly on the flush or a poller
     * thread, when one of them was still running at close.
     */
    protected abstract void release();

    /**
     * The sink {@link #start} was given; set before {@link #open()} runs, for a collector whose
     * pollers publish (or build their consumers) from the start rather than from the first flush.
     */
    protected final EventSink sink() {
        synchronized (lock) {
            return sink;
        }
    }

    /** Why {@link #open()} failed, in words a person can act on. */
    protected String describeFailure(RuntimeException failure) {
        return failure.getMessage();
    }

    @Override
    public final Feature feature() {
        return feature;
    }

    @Override
    public final void start(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(feature + " collector is closed");
            }
            if (started) {
                return;
            }
            started = true;
            this.sink = sink;
            String note;
            try {
                note = open();
                pushFilter(filter);
            } catch (RuntimeException e) {
                state = notRunning(describeFailure(e));
                stopPollers(); // open() may have started one before it failed
                nativeUse.free();
                return;
            }
            runningState = FeatureState.newBuilder().setFeature(feature).setRunning(true).setReason(note).build();
            state = runningState;
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nightjar-" + feature.name().toLowerCase(Locale.ROOT)
                        .replace("feature_", "") + "-flush");
                t.setDaemon(true);
                return t;
            });
            schedule();
        }
    }

    private void schedule() {
        long periodNanos = flushInterval.toNanos();
        flushTask = executor.scheduleAtFixedRate(this::flushSafely, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A scheduled task that throws is never run again: every failure, an Error such as
     * OutOfMemoryError included, is caught and counted here, and the next interval tries again.
     * After {@value #FAILING_AFTER} failures in a row the state says so (not running, with the
     * error), so GetInfo never reports a feature running that publishes nothing; the first
     * flush that succeeds again restores it. Does nothing once close() has begun freeing the
     * kernel objects.
     */
    private void flushSafely() {
        if (!nativeUse.enter()) {
            return;
        }
        try {
            flush(sink);
            losses = List.copyOf(readLossCounters());
            flushSucceeded();
        } catch (Throwable e) {
            flushFailed(e);
        } finally {
            nativeUse.exit();
        }
    }

    private void flushSucceeded() {
        if (failuresInARow >= FAILING_AFTER && !closed) {
            LOG.log(System.Logger.Level.INFO, "{0} collector: flushes succeed again after {1} failures",
                    feature, failuresInARow);
            state = runningState;
        }
        failuresInARow = 0;
    }

    /** The public counter goes up last, once the state says what the failure means. */
    private void flushFailed(Throwable e) {
        failuresInARow++;
        lastFlushError = e instanceof Exception ? String.valueOf(e.getMessage()) : e.toString();
        if (failuresInARow == 1) {
            LOG.log(System.Logger.Level.WARNING, feature + " collector: flush failed; the next interval tries again", e);
        }
        if (failuresInARow == FAILING_AFTER && !closed) {
            LOG.log(System.Logger.Level.ERROR, "{0} collector: {1} flushes in a row failed, the last with {2};"
                    + " reported as not running until one succeeds", feature, failuresInARow, lastFlushError);
            state = notRunning("flushing failed " + failuresInARow + " times in a row (last: " + lastFlushError
                    + "); retried every " + flushInterval.toMillis() + " ms");
        }
        flushFailures.incrementAndGet();
    }

    @Override
    public final FeatureState state() {
        return state;
    }

    /** Whether the kernel side is loaded and not closed (flushes may still be failing: see {@link #state()}). */
    public final boolean isRunning() {
        return runningState != null && !closed;
    }

    @Override
    public final void applyFilter(Filter newFilter) {
        KernelFilter.validate(newFilter);
        validate(newFilter);
        synchronized (lock) {
            filter = newFilter;
            if (isRunning()) {
                pushFilter(newFilter);
            }
        }
    }

    /**
     * Refuses a filter this collector cannot apply, before anything changes, with an
     * IllegalArgumentException whose message says why. The default accepts every filter
     * {@link KernelFilter#validate} accepts.
     */
    protected void validate(Filter filter) {
    }

    /** The filter in force (or to be pushed at start). */
    public final Filter filter() {
        return filter;
    }

    /** Changes how often the kernel maps are read; takes effect at once. */
    public final void setFlushInterval(Duration interval) {
        if (interval.compareTo(KernelCollectorsConfig.MIN_FLUSH_INTERVAL) < 0) {
            throw new IllegalArgumentException("flush interval " + interval.toMillis() + " ms is below "
                    + KernelCollectorsConfig.MIN_FLUSH_INTERVAL.toMillis() + " ms");
        }
        synchronized (lock) {
            flushInterval = interval;
            if (flushTask != null) {
                flushTask.cancel(false);
                schedule();
            }
        }
    }

    public final Duration flushInterval() {
        return flushInterval;
    }

    /**
     * Runs one flush now on the collector's thread and waits for it (at most
     * {@code timeout}). For callers that must see everything up to this moment,
     * such as a subscription ending, and for tests.
     *
     * @return false when the collector is not running or the flush did not finish in time
     */
    public final boolean flushNow(Duration timeout) {
        ScheduledExecutorService ex;
        synchronized (lock) {
            if (!isRunning() || executor == null) {
                return false;
            }
            ex = executor;
        }
        try {
            ex.submit(this::flushSafely).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    /** Flushes that threw since start; the collector keeps running. */
    public final long flushFailures() {
        return flushFailures.get();
    }

    /** The message of the last failed flush, or "". */
    public final String lastFlushError() {
        return lastFlushError;
    }

    /** Polls (see {@link #startPoller}) that threw since start; the poller keeps running. */
    public final long pollFailures() {
        return pollFailures.get();
    }

    @Override
    public final List<LossCounter> lossCounters() {
        return losses;
    }

    /**
     * Flushes once more, stops the flush thread and the pollers, then frees the kernel side.
     * Safe to call twice.
     *
     * <p>Each thread gets {@code closeWait} (pollers at most 5 s) to finish, then is
     * interrupted. A flush or poll that still runs after that (stuck in the kernel or in a
     * sink) keeps the kernel objects: they are freed when it returns, by its own thread,
     * never under it. Until then they stay allocated, which is logged as an error and shown
     * in the state's reason.
     */
    @Override
    public final void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            long began = System.nanoTime();
            if (executor != null) {
                flushTask.cancel(false);
                executor.submit(this::flushSafely);
                stopWithin(executor, closeWait);
            }
            stopPollers();
            if (nativeUse.free()) {
                if (runningState != null) {
                    state = notRunning("stopped");
                }
                return;
            }
            String stuck = "a flush or poll was still running " + (System.nanoTime() - began) / 1_000_000
                    + " ms after close began";
            LOG.log(System.Logger.Level.ERROR, "{0} collector: {1}; its kernel objects stay allocated until it"
                    + " returns and are freed then, never under it", feature, stuck);
            state = notRunning("stopped; " + stuck + ": its kernel objects are freed when it returns");
        }
    }

    /** Lets the running task finish (bounded), then interrupts it; a task still queued after the wait is dropped. */
    private static void stopWithin(ExecutorService threads, Duration wait) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void stopPollers() {
        Duration wait = closeWait.compareTo(MAX_POLLER_WAIT) < 0 ? closeWait : MAX_POLLER_WAIT;
        for (ExecutorService poller : pollers) {
            stopWithin(poller, wait);
        }
    }

    private void releaseQuietly() {
        try {
            release();
        } catch (RuntimeException e) {
            lastFlushError = "release failed: " + e.getMessage();
        }
    }

    private FeatureState notRunning(String reason) {
        return FeatureState.newBuilder().setFeature(feature).setRunning(false).setReason(reason).build();
    }

    /**
     * Starts a polling thread of this collector (a ring buffer drained more often than the
     * flush), from {@link #open()}. Stopped by close() before the kernel objects are freed,
     * and a poll never runs while they are being freed. A failed poll (anything thrown, an
     * Error included) is counted and dropped: the next poll or flush tries again, and the
     * thread keeps running, which a scheduled task that throws would not.
     */
    protected final void startPoller(String threadName, Runnable poll, long periodMillis) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        synchronized (lock) {
            pollers.add(poller);
        }
        poller.scheduleWithFixedDelay(() -> {
            if (!nativeUse.enter()) {
                return;
            }
            try {
                poll.run();
            } catch (Throwable e) {
                if (pollFailures.getAndIncrement() == 0) {
                    LOG.log(System.Logger.Level.WARNING, threadName + " failed; it keeps polling (logged once)", e);
                }
            } finally {
                nativeUse.exit();
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
}
