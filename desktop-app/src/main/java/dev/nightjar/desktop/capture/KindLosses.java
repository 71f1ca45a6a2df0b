package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.EventKind;

/**
 * What a page knows is missing from its kinds of events, over every node: evicted from the store
 * (oldest first, past its limit) and lost on the sensor's side.
 */
public record KindLosses(long evicted, long sensor) {

    /**
     * @param sensorKind the kind the sensor's loss counters name
     * @param kinds      the store's payload kinds whose evictions count
     */
    public static KindLosses of(CaptureStore store, EventKind sensorKind, PayloadKind... kinds) {
        long evicted = 0;
        long sensor = 0;
        for (String node : store.nodeNames()) {
            NodeCapture capture = store.node(node).orElseThrow();
            for (PayloadKind kind : kinds) {
                evicted += capture.evicted(kind);
            }
            for (var loss : capture.sensorLosses().entrySet()) {
                if (loss.getKey().kind() == sensorKind) {
                    sensor += loss.getValue();
                }
            }
        }
        return new KindLosses(evicted, sensor);
    }
}
