package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.sensor.lab.StreamTally;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that reads slowly while a collector publishes 200,000 events as
 * fast as it can, over a real loopback socket: the sensor keeps at most its
 * queue capacity, drops and counts the rest, and tells that client.
 */
class SensorServerFlowControlTest {

    private static final int EVENTS = 200_000;
    private static final int CAPACITY = 1_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int EVENTS_AFTER_BURST = 200;

    @Test
    void aSlowClientCostsBoundedMemoryAndItsLossesAreCountedAndReported() throws Exception {
        ScriptedCollector producer = ScriptedCollector.running(Feature.FEATURE_FLOWS);
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(producer),
                b -> b.queueCapacity(CAPACITY).reportInterval(Duration.ofMillis(100)))) {
            StreamTally client = StreamTally.requesting(1);
            var call = sensor.client().subscribe(SubscribeRequest.newBuilder()
                    .addKinds(EventKind.EVENT_KIND_FLOWS).build(), client);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (producer.filters().isEmpty()) { // the subscription is registered once its filter is pushed
                assertThat(System.nanoTime()).as("subscription registered in time").isLessThan(deadline);
                Thread.sleep(5);
            }

            Thread publisher = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    producer.sink().publish(TestEvents.flow(i, i));
                }
            });
            while (publisher.isAlive()) { // a trickle of requests while the burst goes on
                client.requests.request(10);
                publisher.join(5);
                assertThat(System.nanoTime()).as("publisher finished in time").isLessThan(deadline);
            }
            int highWater = sensor.server().hub().highWaterMark();

            // Now read everything: every event is either delivered or counted as lost.
            client.requests.request(Integer.MAX_VALUE);
            while (client.flows.get() + client.streamLostFlows.get() != EVENTS) {
                assertThat(System.nanoTime())
                        .as("delivered %d + reported lost %d == %d in time", client.flows.get(),
                                client.streamLostFlows.get(), EVENTS)
                        .isLessThan(deadline);
                assertThat(client.error).isNull();
                Thread.sleep(20);
            }
            call.cancel("done", null);

            assertThat(highWater).as("the queue never held more than its capacity").isLessThanOrEqualTo(CAPACITY);
            assertThat(highWater).as("the slow client did fill its queue").isEqualTo(CAPACITY);
            assertThat(client.streamLostFlows.get()).as("drops counted under STREAM and reported").isPositive();
            assertThat(client.flows.get()).as("some events still got through").isPositive();
            assertThat(client.sequenceGaps.get()).as("sequence increased by one per event").isZero();
        }
    }

    /**
     * Two clients share the streams' memory budget: one never reads, the other reads everything. The stalled
     * one may take at most half the budget, the budget is never exceeded, the reader still gets its events, and
     * both account for every event (delivered + reported lost).
     */
    @Test
    void streamsShareAMemoryBudgetThatAStalledClientCannotExhaust() throws Exception {
        long budget = 400_000;
        ScriptedCollector producer = ScriptedCollector.running(Feature.FEATURE_FLOWS);
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(producer),
                b -> b.queueCapacity(1_000_000).streamMemoryBytes(budget).reportInterval(Duration.ofMillis(100)))) {
            StreamTally stalled = StreamTally.requesting(1);
            StreamTally reader = StreamTally.requesting(1);
            SubscribeRequest flows = SubscribeRequest.newBuilder().addKinds(EventKind.EVENT_KIND_FLOWS).build();
            var stalledCall = sensor.client().subscribe(flows, stalled);
            var readerCall = sensor.client().subscribe(flows, reader);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (sensor.server().hub().subscriberCount() < 2 || reader.requests == null) {
                assertThat(System.nanoTime()).as("both subscribed").isLessThan(deadline);
                Thread.sleep(5);
            }
            reader.requests.request(Integer.MAX_VALUE);

            long mostUsed = 0;
            long mostQueuedByOne = 0;
            int burst = 20_000;
            for (int i = 0; i < burst; i++) {
                producer.sink().publish(TestEvents.flow(i, i));
                if (i % 500 == 0) {
                    mostUsed = Math.max(mostUsed, sensor.server().streamMemoryUsed());
                    for (Subscription s : sensor.server().hub().subscriptions()) {
                        mostQueuedByOne = Math.max(mostQueuedByOne, s.queuedBytes());
                    }
                }
            }
            // The stalled client now holds all it may. The reader must still get every event, one at a time.
            for (int i = burst; i < EVENTS_AFTER_BURST + burst; i++) {
                long before = reader.flows.get();
                producer.sink().publish(TestEvents.flow(i, i));
                while (reader.flows.get() == before && reader.streamLostFlows.get() < burst * 2L) {
                    assertThat(System.nanoTime()).as("the reader got event %d", i).isLessThan(deadline);
                    Thread.sleep(1);
                }
                mostUsed = Math.max(mostUsed, sensor.server().streamMemoryUsed());
            }
            int total = burst + EVENTS_AFTER_BURST;
            while (reader.flows.get() + reader.streamLostFlows.get() != total) {
                assertThat(System.nanoTime()).as("reader: delivered %d + lost %d == %d", reader.flows.get(),
                        reader.streamLostFlows.get(), total).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(mostUsed).as("the budget held").isLessThanOrEqualTo(budget);
            assertThat(mostQueuedByOne).as("no stream queued more than half the budget").isLessThanOrEqualTo(budget / 2)
                    .isPositive();
            assertThat(reader.streamLostFlows.get()).as("the last events were not lost: the stalled client"
                    + " did not take the reader's room").isLessThanOrEqualTo(burst);

            stalled.requests.request(Integer.MAX_VALUE);
            while (stalled.flows.get() + stalled.streamLostFlows.get() != total) {
                assertThat(System.nanoTime()).as("stalled: delivered %d + lost %d == %d", stalled.flows.get(),
                        stalled.streamLostFlows.get(), total).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(stalled.streamLostFlows.get()).as("the stalled client lost most of the burst").isPositive();
            stalledCall.cancel("done", null);
            readerCall.cancel("done", null);
        }
    }

    @Test
    void dropsLostOnTheStreamAreCountedInPacketsBesideEvents() throws Exception {
        ScriptedCollector producer = ScriptedCollector.running(Feature.FEATURE_DROPS);
        int events = 20_000;
        long packetsPerEvent = TestEvents.drop(0).getDrop().getCount();
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(producer),
                b -> b.queueCapacity(CAPACITY).reportInterval(Duration.ofMillis(100)))) {
            StreamTally client = StreamTally.requesting(1);
            var call = sensor.client().subscribe(SubscribeRequest.newBuilder()
                    .addKinds(EventKind.EVENT_KIND_DROPS).build(), client);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (producer.filters().isEmpty()) {
                assertThat(System.nanoTime()).as("subscription registered in time").isLessThan(deadline);
                Thread.sleep(5);
            }
            for (int i = 0; i < events; i++) { // nothing read meanwhile: the queue overflows
                producer.sink().publish(TestEvents.drop(i));
            }
            client.requests.request(Integer.MAX_VALUE);
            while (client.drops.get() + client.streamLostDrops.get() != events) {
                assertThat(System.nanoTime()).as("delivered + lost events == published, in time").isLessThan(deadline);
                assertThat(client.error).isNull();
                Thread.sleep(20);
            }
            call.cancel("done", null);

            assertThat(client.streamLostDrops.get()).isPositive();
            assertThat(client.dropPackets.get() + client.streamLostDropPackets.get())
                    .as("packets received + packets lost == packets the kernel dropped")
                    .isEqualTo(events * packetsPerEvent);
        }
    }
}
