package dev.nightjar.sensor.server;

import dev.nightjar.sensor.collect.Collector;
import java.util.List;

/**
 * Makes the collectors a sensor runs. They are started in list order and
 * closed in reverse order. A collector whose feature cannot run on this node
 * is still returned: it reports why through its state.
 */
@FunctionalInterface
public interface CollectorFactory {
    List<Collector> create(SensorOptions options);
}
