package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.FlowControlledSender;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client's Subscribe stream: what it asked for ({@link StreamFilter}, replaced
 * whole by UpdateSubscription), a bounded queue of data events, plus three
 * single-slot mailboxes for the server's own messages (the opening SensorInfo,
 * the latest LostEvents, the latest Heartbeat).
 *
 * <p>The mailboxes bypass the queue on purpose: a client that is too slow fills
 * its queue, and that is exactly the client that must still hear how much it
 * lost. They hold cumulative values, so a newer one simply replaces an unsent one.
 *
 * <p>{@link #offer} never blocks: an event that finds the queue full, or no room
 * in the streams' shared memory ({@link StreamMemory}), is dropped and counted
 * under LOSS_STAGE_STREAM for its kind. The node name and the sequence number
 * are stamped when an event is taken for sending, so the numbers on the wire
 * are contiguous.
 */
final class Subscription {

    private final long id;
    private volatile StreamFilter filter;
    /** Every kind this stream ever asked for: its loss counters are cumulative, so they stay reported. */
    private final Set<EventKind> reportedKinds = ConcurrentHashMap.newKeySet();
    private final String node;
    private final ArrayBlockingQueue<SensorEvent> queue;
    private final StreamMemory memory;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLongArray lostByKind = new AtomicLongArray(EventKind.values().length);
    /** Packets inside the drop events lost: drops are counted in packets at every stage. */
    private final AtomicLongArray lostPacketsByKind = new AtomicLongArray(EventKind.values().length);
    private final AtomicInteger highWaterMark = new AtomicInteger();
    private final AtomicReference<SensorEvent> info = new AtomicReference<>();
    private final AtomicReference<SensorEvent> lost = new AtomicReference<>();
    private final AtomicReference<SensorEvent> heartbeat = new AtomicReference<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private long nextSequence = 1; // only touched by the draining thread
    private Executor drainExecutor;
    private volatile FlowControlledSender<SensorEvent> sender; // written after drainExecutor: publishes both

    Subscription(long id, StreamFilter filter, String node, int capacity, StreamMemory memory) {
        this.id = id;
        this.node = node;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.memory = memory;
        retarget(filter);
    }

    /** Connects the stream; drains triggered by new data run on {@code drainExecutor}. */
    void attach(FlowControlledSender<SensorEvent> streamSender, Executor executor) {
        this.drainExecutor = executor;
        this.sender = streamSender;
    }

    long id() {
        return id;
    }

    Set<EventKind> kinds() {
        return filter.filters().kinds();
    }

    KindFilters filters() {
        return filter.filters();
    }

    /** What this stream receives from now on; events already queued are still sent. */
    void retarget(StreamFilter newFilter) {
        reportedKinds.addAll(newFilter.filters().kinds());
        filter = newFilter;
    }

    boolean wants(EventKind kind) {
        return filter.wants(kind);
    }

    /**
     * Queues a data event this stream's targets accept; drops and counts it when the queue
     * or the streams' shared memory is full. Never blocks.
     *
     * @return whether the event was queued
     */
    boolean offer(SensorEvent event, EventKind kind) {
        SensorEvent narrowed = filter.narrow(kind, event);
        if (narrowed == null) {
            return false;
        }
        return queue(narrowed, kind);
    }

    private boolean queue(SensorEvent event, EventKind kind) {
        long bytes = StreamMemory.heapBytes(event);
        if (memory.reserve(bytes, queuedBytes)) {
            if (queue.offer(event)) {
                highWaterMark.accumulateAndGet(queue.size(), Math::max);
                return true;
            }
            memory.release(bytes, queuedBytes);
        }
        lostByKind.incrementAndGet(kind.getNumber());
        if (event.hasDrop()) {
            lostPacketsByKind.addAndGet(kind.getNumber(), event.getDrop().getCount());
        }
        return false;
    }

    void putInfo(SensorEvent event) {
        info.set(event);
    }

    void putLost(SensorEvent event) {
        lost.set(event);
    }

    void putHeartbeat(SensorEvent event) {
        heartbeat.set(event);
    }

    /**
     * Asks for a drain on the executor. Coalesced: while one is pending, more
     * requests cost one CAS, so a burst of events does not become a burst of tasks.
     */
    void requestDrain() {
        FlowControlledSender<SensorEvent> streamSender = sender;
        if (streamSender == null || !drainScheduled.compareAndSet(false, true)) {
            return; // not attached yet: attach() is followed by a drain request
        }
        try {
            drainExecutor.execute(() -> {
                drainScheduled.set(false); // before draining, so an event arriving now schedules another
                streamSender.signal();
            });
        } catch (RejectedExecutionException e) {
            drainScheduled.set(false); // shutting down
        }
    }

    /** The next message to send, stamped, or null when nothing is waiting. Called only by the sender. */
    SensorEvent next() {
        SensorEvent event = info.getAndSet(null);
        if (event == null) {
            event = lost.getAndSet(null);
        }
        if (event == null) {
            event = heartbeat.getAndSet(null);
        }
        if (event == null) {
            event = queue.poll();
            if (event != null) {
                memory.release(StreamMemory.heapBytes(event), queuedBytes);
            }
        }
        if (event == null) {
            return null;
        }
        sent.incrementAndGet();
        return event.toBuilder().setNode(node).setSequence(nextSequence++).build();
    }

    void complete() {
        FlowControlledSender<SensorEvent> streamSender = sender;
        if (streamSender != null) {
            streamSender.complete();
        }
    }

    /** This stream's STREAM-stage losses for each kind it ever asked for (zeros included: they are cumulative). */
    List<LossCounter> streamLosses() {
        List<LossCounter> counters = new ArrayList<>(reportedKinds.size());
        for (EventKind kind : reportedKinds.stream().sorted().toList()) {
            counters.add(LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_STREAM).setKind(kind)
                    .setLostTotal(lostByKind.get(kind.getNumber()))
                    .setLostPacketsTotal(lostPacketsByKind.get(kind.getNumber())).build());
        }
        return counters;
    }

    long lostTotal() {
        long total = 0;
        for (int i = 0; i < lostByKind.length(); i++) {
            total += lostByKind.get(i);
        }
        return total;
    }

    long sentTotal() {
        return sent.get();
    }

    int queued() {
        return queue.size();
    }

    /** The estimated heap the queued events hold. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    /** The most events this subscription's queue ever held at once. */
    int highWaterMark() {
        return highWaterMark.get();
    }
}
