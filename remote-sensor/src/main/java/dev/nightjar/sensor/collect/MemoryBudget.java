package dev.nightjar.sensor.collect;

/**
 * How the sensor's heap is shared out, so that memory is bounded by construction:
 * every part that grows with what happens on the node (the streams' queues, the
 * flow table, the symbol cache) is given a share of the heap the sensor runs with,
 * and drops and counts what does not fit instead of growing past it. The heap is
 * what the JVM was given ({@code -Xmx}) or, without it, what the JVM derived from
 * the pod's memory limit (a quarter of it by default): {@link #ofThisJvm()}.
 *
 * <p>Shares of the maximum heap: stream queues {@value #STREAM_SHARE_PERCENT}% (all
 * streams together), the flow table {@value #FLOW_SHARE_PERCENT}%, the symbol cache
 * {@value #SYMBOL_SHARE_PERCENT}%, the process caches {@value #PROCESS_SHARE_PERCENT}%.
 * The other {@value #WORKING_SHARE_PERCENT}% is the working set: building events each
 * flush, gRPC and protobuf, kallsyms, and the collectors' garbage between collections.
 * With the image's {@code -Xmx64m}: 16 MiB of queued events, 9.6 MiB of flow table,
 * 9.6 MiB of symbols, 6.4 MiB of process details.
 *
 * @param heapBytes         the maximum heap the budget was derived from
 * @param streamQueueBytes  estimated heap all stream queues may hold together
 * @param flowTableBytes    heap the flow collector's own tables may hold (entries × their estimated size)
 * @param symbolCacheBytes  estimated bytes of cached symbol tables and perf maps
 * @param processCacheBytes heap the process caches (pid → details) may hold, by their entries' largest size
 */
public record MemoryBudget(long heapBytes, long streamQueueBytes, long flowTableBytes, long symbolCacheBytes,
                           long processCacheBytes) {

    public static final int STREAM_SHARE_PERCENT = 25;
    public static final int FLOW_SHARE_PERCENT = 15;
    public static final int SYMBOL_SHARE_PERCENT = 15;
    public static final int PROCESS_SHARE_PERCENT = 10;
    public static final int WORKING_SHARE_PERCENT = 100 - STREAM_SHARE_PERCENT - FLOW_SHARE_PERCENT
            - SYMBOL_SHARE_PERCENT - PROCESS_SHARE_PERCENT;
    /** Below this the shares would be too small to hold one flush of a quiet node. */
    public static final long MIN_HEAP_BYTES = 16L << 20;

    public MemoryBudget {
        if (heapBytes < 1 || streamQueueBytes < 1 || flowTableBytes < 1 || symbolCacheBytes < 1
                || processCacheBytes < 1) {
            throw new IllegalArgumentException("every memory share must be positive: " + heapBytes + ", "
                    + streamQueueBytes + ", " + flowTableBytes + ", " + symbolCacheBytes + ", " + processCacheBytes);
        }
    }

    /** The shares of a heap of {@code heapBytes} (at least {@link #MIN_HEAP_BYTES} is assumed). */
    public static MemoryBudget forHeap(long heapBytes) {
        long heap = Math.max(heapBytes, MIN_HEAP_BYTES);
        return new MemoryBudget(heap, share(heap, STREAM_SHARE_PERCENT), share(heap, FLOW_SHARE_PERCENT),
                share(heap, SYMBOL_SHARE_PERCENT), share(heap, PROCESS_SHARE_PERCENT));
    }

    /** The shares of the heap this JVM may grow to ({@link Runtime#maxMemory()}). */
    public static MemoryBudget ofThisJvm() {
        return forHeap(Runtime.getRuntime().maxMemory());
    }

    /**
     * How many entries a cache may hold within {@code bytes} when one entry may take up to
     * {@code entryBytes}; at least {@code floor}, so a tiny heap still names running processes.
     */
    public static int entries(long bytes, long entryBytes, int floor) {
        return (int) Math.max(floor, Math.min(Integer.MAX_VALUE, bytes / entryBytes));
    }

    private static long share(long heap, int percent) {
        return heap / 100 * percent;
    }
}
