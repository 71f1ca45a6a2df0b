package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorResources;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything recorded from one node: a bounded ring per event kind, the
 * sensor's latest self-description and resources, and every count of lost data
 * — the sensor's own (by stage), the store's evictions and gaps in the stream.
 */
public final class NodeCapture {

    /** A sensor-side loss counter key: where it was lost and of which kind. */
    public record LossKey(LossStage stage, EventKind kind) {
    }

    private final String node;
    /** One ring per record kind ({@link PayloadKind#records()}); info, heartbeats and loss reports update fields instead. */
    private final Map<PayloadKind, EventRing> rings = new EnumMap<>(PayloadKind.class);
    private final Map<LossKey, Long> sensorLosses = new HashMap<>();
    private SensorInfo info;
    private SensorResources resources;
    private long lastSequence = -1;
    private long sequenceGaps;
    private long streamRestarts;

    NodeCapture(String node, StoreLimits limits) {
        this.node = node;
        for (PayloadKind kind : PayloadKind.records()) {
            rings.put(kind, new EventRing(limits.capacity(kind)));
        }
    }

    public String node() {
        return node;
    }

    void accept(SensorEvent event) {
        trackSequence(event.getSequence());
        Optional<PayloadKind> record = PayloadKind.of(event).filter(PayloadKind::isRecord);
        if (record.isPresent()) {
            rings.get(record.get()).add(event);
            return;
        }
        synchronized (this) {
            switch (event.getPayloadCase()) {
                case INFO -> {
                    info = event.getInfo();
                    resources = event.getInfo().getResources();
                }
                case HEARTBEAT -> resources = event.getHeartbeat().getResources();
                case LOST -> {
                    for (LossCounter c : event.getLost().getCountersList()) {
                        sensorLosses.put(new LossKey(c.getStage(), c.getKind()), c.getLostTotal());
                    }
                }
                default -> { }
            }
        }
    }

    synchronized void setInfo(SensorInfo sensorInfo) {
        info = sensorInfo;
        if (resources == null) {
            resources = sensorInfo.getResources();
        }
    }

    /**
     * Sequence numbers rise by one per event on a stream. A jump forward means
     * events were lost on the way; a step back means the stream was restarted
     * (a reconnect), after which counting starts again.
     */
    private synchronized void trackSequence(long sequence) {
        if (lastSequence >= 0) {
            if (sequence > lastSequence + 1) {
                sequenceGaps += sequence - lastSequence - 1;
            } else if (sequence <= lastSequence) {
                streamRestarts++;
            }
        }
        lastSequence = sequence;
    }

    public List<SensorEvent> events(PayloadKind kind) {
        return ring(kind).snapshot();
    }

    public List<SensorEvent> events(PayloadKind kind, long fromNs, long toNs) {
        return ring(kind).window(fromNs, toNs);
    }

    /** Retained events of a kind inside {@code window} (both ends inclusive), oldest first. */
    public List<SensorEvent> events(PayloadKind kind, TimeWindow window) {
        return window.isAll() ? events(kind) : events(kind, window.startNs(), window.endExclusiveNs());
    }

    /** {min, max} timestamp of the retained events of a kind, or null when there are none. */
    long[] span(PayloadKind kind) {
        return ring(kind).span();
    }

    public int size(PayloadKind kind) {
        return ring(kind).size();
    }

    public long evicted(PayloadKind kind) {
        return ring(kind).evicted();
    }

    private EventRing ring(PayloadKind kind) {
        EventRing ring = rings.get(kind);
        if (ring == null) {
            throw new IllegalArgumentException(kind + " is not recorded: the store keeps only PayloadKind.records()");
        }
        return ring;
    }

    public synchronized Optional<SensorInfo> info() {
        return Optional.ofNullable(info);
    }

    public synchronized Optional<SensorResources> resources() {
        return Optional.ofNullable(resources);
    }

    /** The sensor's cumulative loss counters as last reported, by stage and kind. */
    public synchronized Map<LossKey, Long> sensorLosses() {
        return Map.copyOf(sensorLosses);
    }

    public synchronized long sequenceGaps() {
        return sequenceGaps;
    }

    public synchronized long streamRestarts() {
        return streamRestarts;
    }

    /** Every event known lost for this node, wherever it was lost. */
    public long totalLost() {
        return LossSummary.of(this).total();
    }
}
