package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Requests only when the test says so (manual inbound flow control). */
    private static final class SlowClient implements ClientResponseObserver<SubscribeRequest, SensorEvent> {
        volatile ClientCallStreamObserver<SubscribeRequest> requests;
        final AtomicLong flows = new AtomicLong();
        final AtomicLong lastSequence = new AtomicLong();
        final AtomicLong sequenceErrors = new AtomicLong();
        final AtomicLong latestStreamLoss = new AtomicLong(-1);
        volatile Throwable error;

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            requests = requestStream;
            requestStream.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(SensorEvent event) {
            if (event.getSequence() != lastSequence.get() + 1) {
                sequenceErrors.incrementAndGet();
            }
            lastSequence.set(event.getSequence());
            if (event.hasFlow()) {
                flows.incrementAndGet();
            }
            if (event.hasLost()) {
                for (LossCounter c : event.getLost().getCountersList()) {
                    if (c.getStage() == LossStage.LOSS_STAGE_STREAM && c.getKind() == EventKind.EVENT_KIND_FLOWS) {
                        latestStreamLoss.set(c.getLostTotal());
                    }
                }
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

    @Test
    void aSlowClientCostsBoundedMemoryAndItsLossesAreCountedAndReported() throws Exception {
        ScriptedCollector producer = ScriptedCollector.running(Feature.FEATURE_FLOWS);
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(producer),
                b -> b.queueCapacity(CAPACITY).reportInterval(Duration.ofMillis(100)))) {
            SlowClient client = new SlowClient();
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
            while (client.flows.get() + client.latestStreamLoss.get() != EVENTS) {
                assertThat(System.nanoTime())
                        .as("delivered %d + reported lost %d == %d in time", client.flows.get(),
                                client.latestStreamLoss.get(), EVENTS)
                        .isLessThan(deadline);
                assertThat(client.error).isNull();
                Thread.sleep(20);
            }
            call.cancel("done", null);

            assertThat(highWater).as("the queue never held more than its capacity").isLessThanOrEqualTo(CAPACITY);
            assertThat(highWater).as("the slow client did fill its queue").isEqualTo(CAPACITY);
            assertThat(client.latestStreamLoss.get()).as("drops counted under STREAM and reported").isPositive();
            assertThat(client.flows.get()).as("some events still got through").isPositive();
            assertThat(client.sequenceErrors.get()).as("sequence increased by one per event").isZero();
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
            SlowClient stalled = new SlowClient();
            SlowClient reader = new SlowClient();
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
                while (reader.flows.get() == before && reader.latestStreamLoss.get() < burst * 2L) {
                    assertThat(System.nanoTime()).as("the reader got event %d", i).isLessThan(deadline);
                    Thread.sleep(1);
                }
                mostUsed = Math.max(mostUsed, sensor.server().streamMemoryUsed());
            }
            int total = burst + EVENTS_AFTER_BURST;
            while (reader.flows.get() + reader.latestStreamLoss.get() != total) {
                assertThat(System.nanoTime()).as("reader: delivered %d + lost %d == %d", reader.flows.get(),
                        reader.latestStreamLoss.get(), total).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(mostUsed).as("the budget held").isLessThanOrEqualTo(budget);
            assertThat(mostQueuedByOne).as("no stream queued more than half the budget").isLessThanOrEqualTo(budget / 2)
                    .isPositive();
            assertThat(reader.latestStreamLoss.get()).as("the last events were not lost: the stalled client"
                    + " did not take the reader's room").isLessThanOrEqualTo(burst);

            stalled.requests.request(Integer.MAX_VALUE);
            while (stalled.flows.get() + stalled.latestStreamLoss.get() != total) {
                assertThat(System.nanoTime()).as("stalled: delivered %d + lost %d == %d", stalled.flows.get(),
                        stalled.latestStreamLoss.get(), total).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(stalled.latestStreamLoss.get()).as("the stalled client lost most of the burst").isPositive();
            stalledCall.cancel("done", null);
            readerCall.cancel("done", null);
        }
    }
}
