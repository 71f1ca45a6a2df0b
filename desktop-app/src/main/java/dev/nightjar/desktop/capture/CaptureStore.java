package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where every event lands, live or replayed from a bundle: bounded per node and
 * per kind, safe to write from network threads while views read snapshots.
 *
 * <p>Views do not get one callback per event. They register a change listener
 * that must be cheap (typically it sets a flag that a frame-paced refresher
 * reads) and read a snapshot at most once a frame; {@link #version()} lets them
 * skip a frame when nothing changed.
 */
public final class CaptureStore {

    private final StoreLimits limits;
    private final Map<String, NodeCapture> nodes = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    /** Per {@link PayloadKind} (by ordinal): events of that kind recorded; the last slot counts everything else. */
    private final AtomicLongArray kindVersions = new AtomicLongArray(PayloadKind.values().length + 1);
    private final AtomicLong rejectedForNodeLimit = new AtomicLong();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public CaptureStore(StoreLimits limits) {
        this.limits = limits;
    }

    public StoreLimits limits() {
        return limits;
    }

    /** Records one event. Never blocks on a reader; never grows past the limits. */
    public void accept(SensorEvent event) {
        NodeCapture capture = nodeOrRejected(event.getNode());
        if (capture == null) {
            return;
        }
        capture.accept(event);
        kindVersions.incrementAndGet(PayloadKind.of(event).map(Enum::ordinal).orElse(PayloadKind.values().length));
        changed();
    }

    /** Sets a node's sensor description without an event, e.g. from a bundle's manifest. */
    public void recordSensorInfo(String node, SensorInfo info) {
        NodeCapture capture = nodeOrRejected(node);
        if (capture == null) {
            return;
        }
        capture.setInfo(info);
        kindVersions.incrementAndGet(PayloadKind.values().length);
        changed();
    }

    /** The node's capture, created on first sight; null (and counted) past the node limit. */
    private NodeCapture nodeOrRejected(String node) {
        NodeCapture capture = nodes.get(node);
        if (capture == null) {
            capture = createNode(node);
            if (capture == null) {
                rejectedForNodeLimit.incrementAndGet();
            }
        }
        return capture;
    }

    private void changed() {
        version.incrementAndGet();
        for (Runnable listener : changeListeners) {
            listener.run();
        }
    }

    private synchronized NodeCapture createNode(String node) {
        NodeCapture existing = nodes.get(node);
        if (existing != null) {
            return existing;
        }
        if (nodes.size() >= limits.maxNodes()) {
            return null;
        }
        NodeCapture created = new NodeCapture(node, limits);
        nodes.put(node, created);
        return created;
    }

    public Optional<NodeCapture> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** Node names in a stable order. */
    public List<String> nodeNames() {
        return nodes.keySet().stream().sorted().toList();
    }

    /**
     * From the earliest to the latest timestamp of the recorded events (all nodes and kinds):
     * the range a time slider scrubs. Empty when nothing is recorded.
     */
    public Optional<TimeWindow> span() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (NodeCapture capture : nodes.values()) {
            for (PayloadKind kind : PayloadKind.records()) {
                long[] span = capture.span(kind);
                if (span != null) {
                    min = Math.min(min, span[0]);
                    max = Math.max(max, span[1]);
                }
            }
        }
        return min <= max ? Optional.of(new TimeWindow(min, max)) : Optional.empty();
    }

    /** Increases on every recorded event. */
    public long version() {
        return version.get();
    }

    /**
     * Increases only when events of one of {@code kinds} are recorded: a page that shows only
     * drops compares it between builds and skips the build when only flows arrived.
     */
    public long version(PayloadKind... kinds) {
        long sum = 0;
        for (PayloadKind kind : kinds) {
            sum += kindVersions.get(kind.ordinal());
        }
        return sum;
    }

    /** Events refused because the store already holds {@code maxNodes} nodes. */
    public long rejectedForNodeLimit() {
        return rejectedForNodeLimit.get();
    }

    /** Every event known lost across all nodes and stages, including the store's own. */
    public long totalLost() {
        return LossSummary.of(this).total();
    }

    /** @param listener called on the writer's thread after each event; must not block */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }
}
