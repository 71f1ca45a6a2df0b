package dev.nightjar.sensor.lab;

import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A bounded sink that keeps what collectors publish, for tests to wait on. Never blocks the publisher. */
public final class RecordingSink implements EventSink {

    private final int capacity;
    private final List<SensorEvent> events = new ArrayList<>();
    private long dropped;

    public RecordingSink(int capacity) {
        this.capacity = capacity;
    }

    public RecordingSink() {
        this(200_000);
    }

    @Override
    public synchronized void publish(SensorEvent event) {
        if (events.size() >= capacity) {
            dropped++;
            return;
        }
        events.add(event);
        notifyAll();
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized List<SensorEvent> matching(Predicate<SensorEvent> predicate) {
        return events.stream().filter(predicate).toList();
    }

    /** The first event matching, waiting up to {@code timeout}; fails with what did arrive otherwise. */
    public synchronized SensorEvent await(Predicate<SensorEvent> predicate, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                if (predicate.test(events.get(checked))) {
                    return events.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms among "
                        + events.size() + " events; last ones: " + events.subList(Math.max(0, events.size() - 5), events.size()));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
