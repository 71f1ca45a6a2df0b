package dev.nightjar.sensor.collect;

import dev.nightjar.protocol.v1.SensorEvent;

/**
 * Where collectors hand their events. Implementations are bounded and never
 * block the caller: when full they drop and count (stage SENSOR_QUEUE).
 *
 * <p>Collectors fill in the timestamp and the payload; the node name and the
 * per-stream sequence number are stamped by the server.
 */
@FunctionalInterface
public interface EventSink {
    void publish(SensorEvent event);
}
