package dev.nightjar.sensor.lab;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorResources;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Subscribe stream's client side for tests that count: flow and drop events received
 * (drops also in packets), the stream's STREAM-stage flow and drop losses as last
 * reported, gaps in the sequence numbers,
 * when heartbeats and flows arrived. With manual flow control it receives only what the
 * test requests ({@link #requests}); otherwise as fast as gRPC delivers.
 */
public final class StreamTally implements ClientResponseObserver<SubscribeRequest, SensorEvent> {

    private final int initialRequests;
    /** Set before the call starts; the test requests more through it under manual flow control. */
    public volatile ClientCallStreamObserver<SubscribeRequest> requests;
    public final AtomicLong flows = new AtomicLong();
    public final AtomicLong lastSequence = new AtomicLong();
    public final AtomicLong sequenceGaps = new AtomicLong();
    public final AtomicLong lastFlowNanos = new AtomicLong();
    /** The latest LostEvents' STREAM-stage count for flows; -1 until one arrives. */
    public final AtomicLong streamLostFlows = new AtomicLong(-1);
    public final AtomicLong lostReports = new AtomicLong();
    public final AtomicLong drops = new AtomicLong();
    /** The packets inside the drop events received (each aggregates many). */
    public final AtomicLong dropPackets = new AtomicLong();
    /** The latest LostEvents' STREAM-stage drop events and the packets in them; -1 until one arrives. */
    public final AtomicLong streamLostDrops = new AtomicLong(-1);
    public final AtomicLong streamLostDropPackets = new AtomicLong(-1);
    public final List<Long> heartbeatNanos = new CopyOnWriteArrayList<>();
    /** When every 100th flow arrived (a bounded sample of the flow timeline). */
    public final List<Long> flowNanos = new CopyOnWriteArrayList<>();
    public final List<SensorResources> resources = new CopyOnWriteArrayList<>();
    public volatile boolean opened;
    public volatile Throwable error;

    private StreamTally(int initialRequests) {
        this.initialRequests = initialRequests;
    }

    /** Receives as fast as gRPC delivers. */
    public static StreamTally reading() {
        return new StreamTally(-1);
    }

    /** Receives {@code initial} messages, then only what the test requests. */
    public static StreamTally requesting(int initial) {
        return new StreamTally(initial);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        requests = requestStream;
        if (initialRequests >= 0) {
            requestStream.disableAutoRequestWithInitial(initialRequests);
        }
    }

    @Override
    public void onNext(SensorEvent event) {
        long now = System.nanoTime();
        if (event.getSequence() != lastSequence.get() + 1) {
            sequenceGaps.incrementAndGet();
        }
        lastSequence.set(event.getSequence());
        switch (event.getPayloadCase()) {
            case INFO -> opened = true;
            case FLOW -> {
                if (flows.incrementAndGet() % 100 == 1) {
                    flowNanos.add(now);
                }
                lastFlowNanos.set(now);
            }
            case DROP -> {
                drops.incrementAndGet();
                dropPackets.addAndGet(event.getDrop().getCount());
            }
            case HEARTBEAT -> {
                heartbeatNanos.add(now);
                resources.add(event.getHeartbeat().getResources());
            }
            case LOST -> {
                for (LossCounter c : event.getLost().getCountersList()) {
                    if (c.getStage() == LossStage.LOSS_STAGE_STREAM && c.getKind() == EventKind.EVENT_KIND_FLOWS) {
                        streamLostFlows.set(c.getLostTotal());
                    }
                    if (c.getStage() == LossStage.LOSS_STAGE_STREAM && c.getKind() == EventKind.EVENT_KIND_DROPS) {
                        streamLostDropPackets.set(c.getLostPacketsTotal());
                        streamLostDrops.set(c.getLostTotal());
                    }
                }
                lostReports.incrementAndGet();
            }
            default -> { }
        }
    }

    @Override
    public void onError(Throwable t) {
        error = t;
    }

    @Override
    public void onCompleted() {
    }
}
