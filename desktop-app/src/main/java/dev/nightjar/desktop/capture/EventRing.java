package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-capacity ring of events in arrival order: when full, the oldest is
 * evicted and counted. Writers are network threads; readers take copies.
 *
 * <p>Sensors send each kind in time order, so window queries binary-search the
 * timestamps. One out-of-order arrival switches this ring to linear scans for
 * good: correct first, fast when the data allows.
 */
final class EventRing {

    private final SensorEvent[] slots;
    private int head;        // index of the oldest event
    private int size;
    private long evicted;
    private boolean timeOrdered = true;
    private long lastTimestamp = Long.MIN_VALUE;

    EventRing(int capacity) {
        this.slots = new SensorEvent[capacity];
    }

    synchronized void add(SensorEvent event) {
        long ts = event.getTimestampNs();
        if (Long.compareUnsigned(ts, lastTimestamp) < 0 && size > 0) {
            timeOrdered = false;
        }
        lastTimestamp = ts;
        if (size == slots.length) {
            slots[head] = event;
            head = (head + 1) % slots.length;
            evicted++;
        } else {
            slots[(head + size) % slots.length] = event;
            size++;
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized long evicted() {
        return evicted;
    }

    /** {min, max} timestamp of the retained events (unsigned order), or null when empty. */
    synchronized long[] span() {
        if (size == 0) {
            return null;
        }
        if (timeOrdered) {
            return new long[] {at(0).getTimestampNs(), at(size - 1).getTimestampNs()};
        }
        long min = at(0).getTimestampNs();
        long max = min;
        for (int i = 1; i < size; i++) {
            long ts = at(i).getTimestampNs();
            min = Long.compareUnsigned(ts, min) < 0 ? ts : min;
            max = Long.compareUnsigned(ts, max) > 0 ? ts : max;
        }
        return new long[] {min, max};
    }

    /** All retained events, oldest first. */
    synchronized List<SensorEvent> snapshot() {
        List<SensorEvent> copy = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            copy.add(at(i));
        }
        return copy;
    }

    /** Retained events with {@code fromNs <= timestamp < toNs}, oldest first. */
    synchronized List<SensorEvent> window(long fromNs, long toNs) {
        List<SensorEvent> out = new ArrayList<>();
        int start = timeOrdered ? firstAtOrAfter(fromNs) : 0;
        for (int i = start; i < size; i++) {
            SensorEvent e = at(i);
            long ts = e.getTimestampNs();
            if (timeOrdered && Long.compareUnsigned(ts, toNs) >= 0) {
                break;
            }
            if (Long.compareUnsigned(ts, fromNs) >= 0 && Long.compareUnsigned(ts, toNs) < 0) {
                out.add(e);
            }
        }
        return out;
    }

    private int firstAtOrAfter(long fromNs) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(at(mid).getTimestampNs(), fromNs) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private SensorEvent at(int logicalIndex) {
        return slots[(head + logicalIndex) % slots.length];
    }
}
