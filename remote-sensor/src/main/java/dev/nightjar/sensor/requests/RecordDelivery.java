package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * What the requests poller does with each ring record: a data record becomes a chunk for the
 * parsers, a close ends its connection, a process announcement goes to the TLS probes. One
 * per draining thread (its reader is not thread safe); the counts may be read from any.
 */
final class RecordDelivery {

    private final ChunkRecordReader reader = new ChunkRecordReader();
    private final SocketChunkSink parsers;
    private final IntConsumer processSeen;
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong closes = new AtomicLong();

    /** @param processSeen told the pid of each process the kernel announces */
    RecordDelivery(SocketChunkSink parsers, IntConsumer processSeen) {
        this.parsers = parsers;
        this.processSeen = processSeen;
    }

    void deliver(MemorySegment record, KernelClock clock) {
        if (!reader.load(record)) {
            return; // shorter than any record the kernel writes: nothing to read
        }
        switch (reader.kind()) {
            case RequestRecords.KIND_DATA -> {
                parsers.chunk(reader.chunk(clock));
                chunks.incrementAndGet();
            }
            case RequestRecords.KIND_CLOSE -> {
                parsers.closed(reader.cookie(), reader.timestampWall(clock));
                closes.incrementAndGet();
            }
            case RequestRecords.KIND_PROCESS -> processSeen.accept(reader.pid());
            default -> {
                // A record kind this build does not know: skipped.
            }
        }
    }

    long chunks() {
        return chunks.get();
    }

    long closes() {
        return closes.get();
    }
}
