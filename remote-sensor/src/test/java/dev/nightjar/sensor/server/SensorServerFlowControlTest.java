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

    /** Requests only when the test says so (manual inbound flow control). */
    private static final class SlowClient implements ClientResponseObserver<SubscribeRequest, SensorEvent> {
        volatile ClientCallStreamObserver<SubscribeRequest> requests;
        final AtomicLong flows = new AtomicLong();
        final AtomicLong drops = new AtomicLong();
        final AtomicLong dropPackets = new AtomicLong();
        final AtomicLong latestDropLossEvents = new AtomicLong(-1);
        final AtomicLong latestDropLossPackets = new AtomicLong(-1);
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
            if (event.hasDrop()) {
                drops.incrementAndGet();
                dropPackets.addAndGet(event.getDrop().getCount());
            }
            if (event.hasLost()) {
                for (LossCounter c : event.getLost().getCountersList()) {
                    if (c.getStage() == LossStage.LOSS_STAGE_STREAM && c.getKind() == EventKind.EVENT_KIND_FLOWS) {
                        latestStreamLoss.set(c.getLostTotal());
                    }
                    if (c.getStage() == LossStage.LOSS_STAGE_STREAM && c.getKind() == EventKind.EVENT_KIND_DROPS) {
                        latestDropLossPackets.set(c.getLostPacketsTotal());
                        latestDropLossEvents.set(c.getLostTotal());
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

    @Test
    void dropsLostOnTheStreamAreCountedInPacketsBesideEvents() throws Exception {
        ScriptedCollector producer = ScriptedCollector.running(Feature.FEATURE_DROPS);
        int events = 20_000;
        long packetsPerEvent = TestEvents.drop(0).getDrop().getCount();
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(producer),
                b -> b.queueCapacity(CAPACITY).reportInterval(Duration.ofMillis(100)))) {
            SlowClient client = new SlowClient();
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
            while (client.drops.get() + client.latestDropLossEvents.get() != events) {
                assertThat(System.nanoTime()).as("delivered + lost events == published, in time").isLessThan(deadline);
                assertThat(client.error).isNull();
                Thread.sleep(20);
            }
            call.cancel("done", null);

            assertThat(client.latestDropLossEvents.get()).isPositive();
            assertThat(client.dropPackets.get() + client.latestDropLossPackets.get())
                    .as("packets received + packets lost == packets the kernel dropped")
                    .isEqualTo(events * packetsPerEvent);
        }
    }
}
