package dev.nightjar.desktop.session;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking API calls under one deadline. fabric8's calls block their thread for the client's
 * request timeout and retry on their own; each runs here on a virtual thread of its own, at
 * most {@code parallel} at a time, and whoever waits for one gives up at the deadline (the
 * call is interrupted and left to end on its own). So a teardown against an API server that
 * never answers still ends on time.
 */
final class BoundedCalls implements AutoCloseable {

    private final long deadlineNanos;
    private final Semaphore permits;
    private final ExecutorService threads;

    BoundedCalls(long deadlineNanos, int parallel, String threadName) {
        this.deadlineNanos = deadlineNanos;
        this.permits = new Semaphore(parallel);
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadName + "-", 0).factory());
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    boolean timeLeft() {
        return System.nanoTime() < deadlineNanos;
    }

    <T> Future<T> submit(Callable<T> call) {
        return threads.submit(() -> {
            permits.acquire();
            try {
                return call.call();
            } finally {
                permits.release();
            }
        });
    }

    /**
     * Runs {@code call} and waits for it until the deadline.
     *
     * @throws TimeoutException when the deadline came first (the call is interrupted)
     * @throws ExecutionException with the call's own failure as the cause
     */
    <T> T call(Callable<T> call) throws TimeoutException, ExecutionException, InterruptedException {
        return await(submit(call));
    }

    <T> T await(Future<T> pending) throws TimeoutException, ExecutionException, InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        try {
            return pending.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw e;
        }
    }

    /** Stops waiting for anything still running; it ends at its own timeout. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
