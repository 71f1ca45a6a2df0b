package dev.nightjar.sensor.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A BPF ring buffer map, read directly from its memory mapping.
 *
 * <p>Why not libbpf's {@code ring_buffer__new/poll}: that calls back into Java
 * once per record (an upcall per event, which must never throw), and it
 * exists to sleep in epoll. The collectors drain on their flush timer, so
 * reading the mapped ring needs no upcall, no syscall when the ring is empty,
 * and hands records out as zero-copy slices in one batch. The layout is the
 * kernel's stable ABI (kernel/bpf/ringbuf.c, include/uapi/linux/bpf.h):
 *
 * <pre>
 *  fd offset 0          consumer page (rw): consumer_pos at 0
 *  fd offset page       producer page (ro): producer_pos at 0
 *  fd offset 2 * page   data, mapped twice in a row so a record that wraps
 *                       reads as one contiguous slice
 *  record               u32 len (bit 31 busy, bit 30 discarded), u32 pg_off,
 *                       then len bytes, padded to 8
 * </pre>
 *
 * The producer publishes a record with a release store of its header; we
 * read headers and producer_pos with acquire loads and free space with a
 * release store of consumer_pos. One consumer thread at a time.
 *
 * <p>Both mappings belong to a shared arena that {@link #close()} closes: that unmaps
 * them, and a record slice someone kept past its callback then throws
 * IllegalStateException when read, instead of reading unmapped memory and crashing
 * the JVM.
 */
public final class RingBuffer implements AutoCloseable {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    private static final int HEADER_BYTES = 8;

    /**
     * Receives one record; the slice is read-only and valid only during the call (the
     * kernel reuses the space after it). Kept longer, it reads later records' bytes while
     * the ring is open and throws IllegalStateException once it is closed.
     */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(MemorySegment record);
    }

    private final String name;
    private final Arena mappings;
    private final long capacity;
    private final long mask;
    private final MemorySegment consumerPage;
    private final MemorySegment producer;
    private final long dataOffset;
    private boolean closed;

    private RingBuffer(String name, Arena mappings, long capacity, MemorySegment consumerPage, MemorySegment producer,
                       long page) {
        this.name = name;
        this.mappings = mappings;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.consumerPage = consumerPage;
        this.producer = producer;
        this.dataOffset = page;
    }

    static RingBuffer map(BpfMap map) {
        if (map.type() != BpfMap.TYPE_RINGBUF) {
            throw new IllegalArgumentException("map '" + map.name() + "' is not a ring buffer (type " + map.type() + ")");
        }
        long page = Libc.pageSize();
        long capacity = map.maxEntries();
        int fd = map.fd();
        // Shared: the flush thread and a collector's poller both drain (one at a time).
        Arena mappings = Arena.ofShared();
        try {
            MemorySegment consumer = Libc.mmap(page, Libc.PROT_READ | Libc.PROT_WRITE, fd, 0,
                    "ring buffer '" + map.name() + "' consumer page", mappings);
            MemorySegment producer = Libc.mmap(page + 2 * capacity, Libc.PROT_READ, fd, page,
                    "ring buffer '" + map.name() + "' producer page and data", mappings);
            return new RingBuffer(map.name(), mappings, capacity, consumer, producer, page);
        } catch (RuntimeException e) {
            mappings.close(); // unmaps what was mapped
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** Data area size in bytes. */
    public long capacity() {
        return capacity;
    }

    /** Bytes written by the kernel and not yet consumed. */
    public synchronized long pendingBytes() {
        ensureOpen();
        return (long) LONG.getAcquire(producer, 0L) - (long) LONG.getAcquire(consumerPage, 0L);
    }

    /**
     * Hands up to {@code maxRecords} committed records to {@code consumer}, in
     * order, and frees their space. Stops at a record the kernel is still
     * writing. Discarded records are skipped without counting.
     *
     * @return records handed out
     */
    public synchronized int drain(RecordConsumer consumer, int maxRecords) {
        ensureOpen();
        long consumerPos = (long) LONG.getAcquire(consumerPage, 0L);
        long producerPos = (long) LONG.getAcquire(producer, 0L);
        int handed = 0;
        while (consumerPos < producerPos && handed < maxRecords) {
            long headerOffset = dataOffset + (consumerPos & mask);
            int header = (int) INT.getAcquire(producer, headerOffset);
            if ((header & BUSY_BIT) != 0) {
                break;
            }
            int length = header & ~(BUSY_BIT | DISCARD_BIT);
            consumerPos += (length + HEADER_BYTES + 7L) & ~7L;
            if ((header & DISCARD_BIT) == 0) {
                consumer.accept(producer.asSlice(headerOffset + HEADER_BYTES, length).asReadOnly());
                handed++;
            }
            LONG.setRelease(consumerPage, 0L, consumerPos);
            if (consumerPos >= producerPos) {
                producerPos = (long) LONG.getAcquire(producer, 0L);
            }
        }
        return handed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("ring buffer '" + name + "' is closed");
        }
    }

    /** Unmaps once (by closing the arena that owns both mappings); later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        mappings.close();
    }
}
