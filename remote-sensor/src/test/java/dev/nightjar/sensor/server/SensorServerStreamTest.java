package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a subscriber receives, and how subscriptions reach the collectors. */
class SensorServerStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ScriptedCollector publishingOneOfEach() {
        return ScriptedCollector.running(Feature.FEATURE_FLOWS).onFilter(sink -> {
            sink.publish(TestEvents.flow(1, 100));
            sink.publish(TestEvents.drop(200));
            sink.publish(TestEvents.process(42, 300));
        });
    }

    @Test
    void streamStartsWithSensorInfoAndCarriesOnlyTheRequestedKindsStampedWithNodeAndSequence() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(publishingOneOfEach()),
                b -> b.reportInterval(Duration.ofMillis(200)))) {
            StreamRecorder events = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.newBuilder()
                    .addKinds(EventKind.EVENT_KIND_DROPS).build(), events);
            events.awaitEvent(SensorEvent::hasHeartbeat, WAIT);
            events.awaitEvent(SensorEvent::hasLost, WAIT);
            call.cancel("done", null);

            List<SensorEvent> received = events.events();
            assertThat(received.getFirst().hasInfo()).as("first event").isTrue();
            assertThat(received.getFirst().getInfo().getNodeName()).isEqualTo(LoopbackSensor.NODE);
            assertThat(received).filteredOn(e -> e.hasFlow() || e.hasProcess()).as("kinds not asked for").isEmpty();
            assertThat(received).filteredOn(SensorEvent::hasDrop).singleElement()
                    .satisfies(d -> assertThat(d.getDrop()).isEqualTo(TestEvents.drop(200).getDrop()));
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).getSequence()).isEqualTo(i + 1);
                assertThat(received.get(i).getNode()).isEqualTo(LoopbackSensor.NODE);
            }
        }
    }

    @Test
    void noKindsMeansFlowsAndDrops() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(publishingOneOfEach()))) {
            StreamRecorder events = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), events);
            events.awaitEvent(SensorEvent::hasFlow, WAIT);
            events.awaitEvent(SensorEvent::hasDrop, WAIT);
            Thread.sleep(200); // the process event was published between the two; give it time to (wrongly) arrive
            call.cancel("done", null);
            assertThat(events.events()).noneMatch(SensorEvent::hasProcess);
        }
    }

    @Test
    void heartbeatsCarryResourcesAndLostEventsCarryCollectorAndStreamCounters() throws Exception {
        LossCounter ringBuffer = LossCounter.newBuilder().setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                .setKind(EventKind.EVENT_KIND_DROPS).setLostTotal(7).build();
        ScriptedCollector lossy = new ScriptedCollector(Feature.FEATURE_DROPS,
                FeatureState.newBuilder().setFeature(Feature.FEATURE_DROPS).setRunning(true).build(),
                List.of(ringBuffer), new CopyOnWriteArrayList<>());
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(lossy), b -> b.reportInterval(Duration.ofMillis(200)))) {
            StreamRecorder events = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), events);
            SensorEvent heartbeat = events.awaitEvent(SensorEvent::hasHeartbeat, WAIT);
            SensorEvent lost = events.awaitEvent(SensorEvent::hasLost, WAIT);
            call.cancel("done", null);

            assertThat(heartbeat.getHeartbeat().getResources().getRssBytes()).isGreaterThan(0);
            assertThat(heartbeat.getHeartbeat().getResources().getCpuTimeNsTotal()).isGreaterThan(0);
            assertThat(heartbeat.getHeartbeat().getEventsSentTotal()).isGreaterThanOrEqualTo(1); // at least the info
            assertThat(lost.getLost().getCountersList()).contains(ringBuffer);
            assertThat(lost.getLost().getCountersList()).filteredOn(c -> c.getStage() == LossStage.LOSS_STAGE_STREAM)
                    .extracting(LossCounter::getKind)
                    .containsExactlyInAnyOrder(EventKind.EVENT_KIND_FLOWS, EventKind.EVENT_KIND_DROPS);
        }
    }

    private static SensorEvent flowOf(int pid, int dstPort, long flowId) {
        SensorEvent flow = TestEvents.flow(flowId, flowId);
        return flow.toBuilder().setFlow(flow.getFlow().toBuilder().setPid(pid)
                .setTuple(flow.getFlow().getTuple().toBuilder().setDstPort(dstPort))).build();
    }

    @Test
    void theKernelGetsTheUnionAndEachStreamOnlyWhatItsOwnFilterAsksFor() throws Exception {
        ScriptedCollector collector = ScriptedCollector.running(Feature.FEATURE_FLOWS);
        Filter first = Filter.newBuilder().addPids(1).build();
        Filter second = Filter.newBuilder().addPorts(443).build();
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(collector))) {
            StreamRecorder a = new StreamRecorder();
            var callA = sensor.client().subscribe(SubscribeRequest.newBuilder()
                    .addKinds(EventKind.EVENT_KIND_FLOWS).setFilter(first).build(), a);
            a.awaitEvent(SensorEvent::hasInfo, WAIT);
            assertThat(collector.filters().getLast()).isEqualTo(first);

            StreamRecorder b = new StreamRecorder();
            var callB = sensor.client().subscribe(SubscribeRequest.newBuilder()
                    .addKinds(EventKind.EVENT_KIND_FLOWS).setFilter(second).build(), b);
            b.awaitEvent(SensorEvent::hasInfo, WAIT);
            assertThat(collector.filters().getLast()).as("pid 1 OR port 443 needs both fields open in the kernel")
                    .isEqualTo(Filter.getDefaultInstance());

            SensorEvent pidOne = flowOf(1, 8080, 1);
            SensorEvent port443 = flowOf(2, 443, 2);
            SensorEvent neither = flowOf(3, 80, 3);
            SensorEvent both = flowOf(1, 443, 4);
            for (SensorEvent e : List.of(pidOne, port443, neither, both)) {
                sensor.server().hub().publish(e);
            }
            a.awaitEvent(e -> e.hasFlow() && e.getFlow().getFlowId() == 4, WAIT);
            b.awaitEvent(e -> e.hasFlow() && e.getFlow().getFlowId() == 4, WAIT);
            assertThat(a.events()).filteredOn(SensorEvent::hasFlow).extracting(e -> e.getFlow().getFlowId())
                    .as("the older stream keeps its own filter").containsExactly(1L, 4L);
            assertThat(b.events()).filteredOn(SensorEvent::hasFlow).extracting(e -> e.getFlow().getFlowId())
                    .containsExactly(2L, 4L);

            callB.cancel("done", null);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!collector.filters().getLast().equals(first) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(collector.filters().getLast()).as("the union shrinks back when a stream ends").isEqualTo(first);
            callA.cancel("done", null);
        }
    }

    @Test
    void streamsBeyondTheLimitAreRefusedAndASlotFreesWhenOneEnds() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(), b -> b.maxStreams(1))) {
            StreamRecorder first = new StreamRecorder();
            var firstCall = sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), first);
            first.awaitEvent(SensorEvent::hasInfo, WAIT);

            StreamRecorder second = new StreamRecorder();
            sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), second);
            assertThat(second.awaitEnd(WAIT)).isTrue();
            assertThat(Status.fromThrowable(second.error()).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(Status.fromThrowable(second.error()).getDescription()).contains("already serves 1 streams");
            assertThat(second.events()).isEmpty();

            firstCall.cancel("done", null);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sensor.server().hub().subscriberCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            StreamRecorder third = new StreamRecorder();
            var thirdCall = sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), third);
            third.awaitEvent(SensorEvent::hasInfo, WAIT);
            thirdCall.cancel("done", null);
        }
    }

    @Test
    void closeCompletesOpenStreamsAndClosesCollectorsInReverseOrder() throws Exception {
        List<String> lifecycle = new CopyOnWriteArrayList<>();
        ScriptedCollector flows = new ScriptedCollector(Feature.FEATURE_FLOWS, FeatureState.getDefaultInstance(),
                List.of(), lifecycle);
        ScriptedCollector drops = new ScriptedCollector(Feature.FEATURE_DROPS, FeatureState.getDefaultInstance(),
                List.of(), lifecycle);
        LoopbackSensor sensor = LoopbackSensor.start(List.of(flows, drops));
        StreamRecorder events = new StreamRecorder();
        sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), events);
        events.awaitEvent(SensorEvent::hasInfo, WAIT);

        sensor.server().close();
        assertThat(events.awaitEnd(WAIT)).isTrue();
        assertThat(events.error()).as("ended normally").isNull();
        assertThat(lifecycle.subList(0, 2)).as("started together").containsExactlyInAnyOrder("start FEATURE_FLOWS",
                "start FEATURE_DROPS");
        assertThat(lifecycle.subList(2, lifecycle.size())).containsExactly("close FEATURE_DROPS", "close FEATURE_FLOWS");
        assertThat(sensor.server().stopReason()).contains("stopped");
        sensor.close(); // second close: a no-op
        assertThat(flows.closes()).isEqualTo(1);
    }
}
