package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.SensorEvent;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Records a Subscribe stream for assertions; waits are bounded. */
public final class StreamRecorder implements StreamObserver<SensorEvent> {

    private final List<SensorEvent> events = new ArrayList<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public synchronized void onNext(SensorEvent value) {
        events.add(value);
        notifyAll();
    }

    @Override
    public void onError(Throwable t) {
        error.set(t);
        ended.countDown();
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void onCompleted() {
        ended.countDown();
        synchronized (this) {
            notifyAll();
        }
    }

    public synchronized List<SensorEvent> events() {
        return List.copyOf(events);
    }

    public Throwable error() {
        return error.get();
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until some received event matches; returns it, or fails the test at the deadline. */
    public synchronized SensorEvent awaitEvent(Predicate<SensorEvent> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (SensorEvent event : events) {
                if (match.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended.getCount() == 0) {
                throw new AssertionError("no matching event within " + timeout + "; got " + events.size()
                        + " events" + (error.get() == null ? "" : ", stream failed: " + error.get()));
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }
}
