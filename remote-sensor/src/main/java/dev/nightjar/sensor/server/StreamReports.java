package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.Heartbeat;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorResources;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.proc.ProcFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The periodic Heartbeat and LostEvents on every stream.
 *
 * <p>A stream's LostEvents holds every collector's counters (shared by all
 * streams) and that stream's own STREAM-stage counters; the hub has no queue of
 * its own, so it has no other losses. A Heartbeat's {@code events_sent_total}
 * counts the messages sent on that stream.
 */
final class StreamReports {

    private static final System.Logger LOG = System.getLogger(StreamReports.class.getName());

    private final EventHub hub;
    private final List<Collector> collectors;
    private final Supplier<SensorResources> resources;

    StreamReports(EventHub hub, List<Collector> collectors, Supplier<SensorResources> resources) {
        this.hub = hub;
        this.collectors = List.copyOf(collectors);
        this.resources = resources;
    }

    void tick() {
        List<Subscription> subscriptions = hub.subscriptions();
        if (subscriptions.isEmpty()) {
            return;
        }
        SensorResources current = resources.get();
        List<LossCounter> collectorLosses = collectorLosses();
        long now = ProcFiles.epochNanosNow();
        for (Subscription subscription : subscriptions) {
            subscription.putLost(SensorEvent.newBuilder().setTimestampNs(now).setLost(LostEvents.newBuilder()
                    .addAllCounters(collectorLosses).addAllCounters(subscription.streamLosses())).build());
            subscription.putHeartbeat(SensorEvent.newBuilder().setTimestampNs(now).setHeartbeat(Heartbeat.newBuilder()
                    .setResources(current).setEventsSentTotal(subscription.sentTotal())).build());
            subscription.requestDrain();
        }
    }

    private List<LossCounter> collectorLosses() {
        List<LossCounter> counters = new ArrayList<>();
        for (Collector collector : collectors) {
            try {
                counters.addAll(collector.lossCounters());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collector " + collector.feature() + " could not report losses", e);
            }
        }
        return counters;
    }
}
