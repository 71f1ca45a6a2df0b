package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.SensorEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap all stream queues may hold together, shared by every open stream, with
 * each stream allowed at most half of it (so one stalled client cannot starve the
 * others). An event that does not fit is not queued: the stream drops and counts it.
 *
 * <p>Sizes are estimates of an event's heap footprint from its wire size
 * ({@link #heapBytes}): measured on flow, drop and syscall events, the heap held
 * per event is 3-4.5 times its serialized size plus about 150 bytes of object
 * headers; the estimate errs high.
 */
final class StreamMemory {

    private final long limitBytes;
    private final long perStreamBytes;
    private final AtomicLong used = new AtomicLong();

    StreamMemory(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("stream memory must be at least 1 byte, was " + limitBytes);
        }
        this.limitBytes = limitBytes;
        this.perStreamBytes = Math.max(1, limitBytes / 2);
    }

    static long heapBytes(SensorEvent event) {
        return 192 + 4L * event.getSerializedSize();
    }

    /** Reserves {@code bytes} for a stream that holds {@code streamUsed} now; false when either bound would be passed. */
    boolean reserve(long bytes, AtomicLong streamUsed) {
        if (streamUsed.addAndGet(bytes) > perStreamBytes) {
            streamUsed.addAndGet(-bytes);
            return false;
        }
        if (used.addAndGet(bytes) > limitBytes) {
            used.addAndGet(-bytes);
            streamUsed.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes, AtomicLong streamUsed) {
        streamUsed.addAndGet(-bytes);
        used.addAndGet(-bytes);
    }

    long usedBytes() {
        return used.get();
    }

    long limitBytes() {
        return limitBytes;
    }
}
