package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.PayloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every lost event of a capture, added up over its nodes by where it was lost, so the
 * session bar can say which stage could not keep up instead of one anonymous total.
 *
 * @param kernel   the kernel could not deliver: ring buffer or aggregation map full
 * @param sensor   the sensor's bounded queue was full
 * @param stream   dropped for a client that did not keep up, or missing from the stream
 *                 (gaps in the sequence numbers, e.g. across a reconnect)
 * @param evicted  the oldest records the desktop's bounded store let go, plus events of
 *                 nodes beyond its node limit
 */
public record LossSummary(long kernel, long sensor, long stream, long evicted) {

    public static LossSummary of(CaptureStore store) {
        LossSummary sum = new LossSummary(0, 0, 0, store.rejectedForNodeLimit());
        for (String name : store.nodeNames()) {
            sum = sum.plus(of(store.node(name).orElseThrow()));
        }
        return sum;
    }

    /** One node's losses: the sensor's counters by stage, gaps in its stream, the store's evictions. */
    public static LossSummary of(NodeCapture node) {
        long kernel = 0;
        long sensor = 0;
        long stream = node.sequenceGaps();
        long evicted = 0;
        for (var loss : node.sensorLosses().entrySet()) {
            long n = loss.getValue();
            switch (loss.getKey().stage()) {
                case LOSS_STAGE_KERNEL_RING_BUFFER, LOSS_STAGE_KERNEL_MAP_FULL -> kernel += n;
                case LOSS_STAGE_SENSOR_QUEUE -> sensor += n;
                case LOSS_STAGE_STREAM, LOSS_STAGE_UNSPECIFIED, UNRECOGNIZED -> stream += n;
            }
        }
        for (PayloadKind kind : PayloadKind.records()) {
            evicted += node.evicted(kind);
        }
        return new LossSummary(kernel, sensor, stream, evicted);
    }

    LossSummary plus(LossSummary other) {
        return new LossSummary(kernel + other.kernel, sensor + other.sensor, stream + other.stream,
                evicted + other.evicted);
    }

    public long total() {
        return kernel + sensor + stream + evicted;
    }

    /** "nothing lost", or the non-zero stages, e.g. "lost: kernel 12 · stream 340". */
    public String text() {
        if (total() == 0) {
            return "nothing lost";
        }
        List<String> parts = new ArrayList<>();
        add(parts, "kernel", kernel);
        add(parts, "sensor", sensor);
        add(parts, "stream", stream);
        add(parts, "evicted", evicted);
        return "lost: " + String.join(" · ", parts);
    }

    private static void add(List<String> parts, String stage, long n) {
        if (n > 0) {
            parts.add(String.format(Locale.ROOT, "%s %,d", stage, n));
        }
    }
}
