package dev.nightjar.sensor.security;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off between the ring buffer's drain and the thread that enriches records: copies of
 * the records in arrival order, bounded by their total size. The drain only copies, so it keeps
 * the kernel's ring free however slow enrichment is (its /proc reads stop for a tracer such as
 * strace, or wait on a busy disk); a record that does not fit is dropped and counted
 * ({@link #dropped()}, reported as loss at stage SENSOR_QUEUE). Thread-safe: one thread offers,
 * any may take.
 */
final class RecordQueue {

    private final long capacityBytes;
    private final ArrayDeque<byte[]> records = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private long heldBytes;

    RecordQueue(long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** Keeps {@code record} (the caller's copy) unless it would pass the capacity; false when dropped. */
    synchronized boolean offer(byte[] record) {
        if (heldBytes + record.length > capacityBytes) {
            dropped.incrementAndGet();
            return false;
        }
        records.addLast(record);
        heldBytes += record.length;
        return true;
    }

    /** The oldest record, or null when there is none. */
    synchronized byte[] poll() {
        byte[] record = records.pollFirst();
        if (record != null) {
            heldBytes -= record.length;
        }
        return record;
    }

    synchronized long heldBytes() {
        return heldBytes;
    }

    synchronized int size() {
        return records.size();
    }

    /** Records dropped since creation because the queue was full. */
    long dropped() {
        return dropped.get();
    }
}
