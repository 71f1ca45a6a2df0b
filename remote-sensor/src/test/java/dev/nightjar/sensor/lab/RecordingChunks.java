package dev.nightjar.sensor.lab;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.requests.SocketChunk;
import dev.nightjar.sensor.requests.SocketChunkSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Keeps what the capture hands the parsers, for tests: chunks, closes, the settings and how
 * often it ticked. Optionally holds the poll thread at the first chunk until {@link #release()}
 * (to let the ring buffer fill), which a real parser must never do.
 */
public final class RecordingChunks implements SocketChunkSink {

    private static final int CAPACITY = 200_000;

    private final List<SocketChunk> chunks = new ArrayList<>();
    private final List<Long> closed = new ArrayList<>();
    private final CountDownLatch held;
    private volatile Filter settings;
    private volatile long ticks;

    private RecordingChunks(boolean hold) {
        this.held = new CountDownLatch(hold ? 1 : 0);
    }

    public static RecordingChunks recording() {
        return new RecordingChunks(false);
    }

    /** Holds the poll thread at the first chunk until {@link #release()} (at most 60 s). */
    public static RecordingChunks holdingAtFirstChunk() {
        return new RecordingChunks(true);
    }

    public void release() {
        held.countDown();
    }

    @Override
    public void configure(Filter requests) {
        settings = requests;
    }

    @Override
    public void chunk(SocketChunk chunk) {
        try {
            held.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (chunks.size() < CAPACITY) {
                chunks.add(chunk);
            }
        }
    }

    @Override
    public synchronized void closed(long connectionId, long timestampNs) {
        closed.add(connectionId);
    }

    @Override
    public void tick(long nowNs) {
        ticks++;
    }

    public Filter settings() {
        return settings;
    }

    public long ticks() {
        return ticks;
    }

    public synchronized List<SocketChunk> matching(Predicate<SocketChunk> predicate) {
        return chunks.stream().filter(predicate).toList();
    }

    public synchronized boolean wasClosed(long connectionId) {
        return closed.contains(connectionId);
    }

    /** Waits until {@code done} holds for the chunks seen so far. */
    public void await(Predicate<RecordingChunks> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
