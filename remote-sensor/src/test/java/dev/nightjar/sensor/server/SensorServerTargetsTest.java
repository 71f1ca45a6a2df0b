package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.NetworkTarget;
import dev.nightjar.protocol.v1.ProcessTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.SyscallTarget;
import dev.nightjar.protocol.v1.SyscallTracing;
import dev.nightjar.protocol.v1.TaskSelection;
import dev.nightjar.protocol.v1.Targets;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.EventSink;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Protocol 2: a target per kind, changed on a live stream, with explicit errors for what cannot be traced. */
class SensorServerTargetsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Stands in for the syscall collector: says what its default set is, refuses names it does not know. */
    private static final class SyscallsStandIn implements Collector {
        final List<Filter> filters = new CopyOnWriteArrayList<>();

        @Override
        public Feature feature() {
            return Feature.FEATURE_SYSCALLS;
        }

        @Override
        public void start(EventSink sink) {
        }

        @Override
        public FeatureState state() {
            return FeatureState.newBuilder().setFeature(Feature.FEATURE_SYSCALLS).setRunning(true).build();
        }

        @Override
        public void applyFilter(Filter filter) {
            if (filter.getSyscallsList().contains("frobnicate")) {
                throw new IllegalArgumentException("unknown syscall 'frobnicate' on x86_64");
            }
            filters.add(filter);
        }

        @Override
        public void describe(SensorInfo.Builder info) {
            info.setSyscallTracing(SyscallTracing.newBuilder().setPath("tracepoint").addDefaultSyscalls("read")
                    .addDefaultSyscalls("connect"));
        }

        @Override
        public List<LossCounter> lossCounters() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    private static SensorEvent flowToPort(int port, long id) {
        SensorEvent flow = TestEvents.flow(id, id);
        return flow.toBuilder().setFlow(flow.getFlow().toBuilder()
                .setTuple(flow.getFlow().getTuple().toBuilder().setDstPort(port))).build();
    }

    private static SensorEvent span(int pid, long id) {
        return SensorEvent.newBuilder().setTimestampNs(id).setSyscallSpan(SyscallSpan.newBuilder().setPid(pid)
                .setSyscallName("read").setDurationNs(5_000_000).setStartNs(id)).build();
    }

    private static TaskSelection pids(int... pids) {
        TaskSelection.Builder tasks = TaskSelection.newBuilder();
        for (int pid : pids) {
            tasks.addPids(pid);
        }
        return tasks.build();
    }

    @Test
    void aStreamGetsItsTargetsAndTheyChangeWithoutReconnecting() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(ScriptedCollector.running(Feature.FEATURE_FLOWS)))) {
            StreamRecorder events = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setFlows(NetworkTarget.newBuilder().addPorts(443))
                    .setProcesses(ProcessTarget.getDefaultInstance())).build(), events);
            SensorInfo opening = events.awaitEvent(SensorEvent::hasInfo, WAIT).getInfo();
            assertThat(opening.getProtocolVersion()).isEqualTo(SensorService.PROTOCOL_VERSION);
            assertThat(opening.getCapabilitiesList()).contains("targets", "update-subscription");
            assertThat(opening.getSubscriptionId()).isPositive();

            sensor.server().hub().publish(flowToPort(80, 1));
            sensor.server().hub().publish(flowToPort(443, 2));
            sensor.server().hub().publish(TestEvents.drop(3));
            sensor.server().hub().publish(TestEvents.process(42, 4));
            events.awaitEvent(SensorEvent::hasProcess, WAIT);
            assertThat(events.events()).filteredOn(SensorEvent::hasFlow).extracting(e -> e.getFlow().getFlowId())
                    .containsExactly(2L);
            assertThat(events.events()).noneMatch(SensorEvent::hasDrop);

            UpdateSubscriptionResponse answer = sensor.client().updateSubscription(UpdateSubscriptionRequest.newBuilder()
                    .setSubscriptionId(opening.getSubscriptionId())
                    .setTargets(Targets.newBuilder().setDrops(NetworkTarget.getDefaultInstance())).build(),
                    5, TimeUnit.SECONDS);
            assertThat(answer).isNotNull();
            sensor.server().hub().publish(flowToPort(443, 5));
            sensor.server().hub().publish(TestEvents.drop(6));
            SensorEvent drop = events.awaitEvent(SensorEvent::hasDrop, WAIT);
            assertThat(events.events()).filteredOn(SensorEvent::hasFlow).extracting(e -> e.getFlow().getFlowId())
                    .as("flows stopped with the update").containsExactly(2L);
            List<SensorEvent> all = events.events();
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).getSequence()).as("one stream, numbered on across the update").isEqualTo(i + 1);
            }
            assertThat(drop.getDrop()).isEqualTo(TestEvents.drop(6).getDrop());
            assertThat(events.error()).isNull();
            call.cancel("done", null);
        }
    }

    @Test
    void updatingAStreamThatIsNotOpenIsNotFound() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of())) {
            assertThatThrownBy(() -> sensor.client().updateSubscription(UpdateSubscriptionRequest.newBuilder()
                    .setSubscriptionId(987).setTargets(Targets.newBuilder()
                            .setDrops(NetworkTarget.getDefaultInstance())).build(), 5, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).contains("987").contains("subscribe again");
                    });
        }
    }

    @Test
    void aSyscallTargetThatSelectsNoTaskOrAnAbsentContainerIsRefusedWithTheReason() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(new SyscallsStandIn()))) {
            StreamRecorder nothing = new StreamRecorder();
            sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setSyscalls(SyscallTarget.getDefaultInstance())).build(), nothing);
            assertThat(nothing.awaitEnd(WAIT)).isTrue();
            Status refused = Status.fromThrowable(nothing.error());
            assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(refused.getDescription()).contains("selects no task").contains("whole_node");

            StreamRecorder absent = new StreamRecorder();
            sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setSyscalls(SyscallTarget.newBuilder().setTasks(TaskSelection.newBuilder()
                            .addContainerIds("ab".repeat(32))))).build(), absent);
            assertThat(absent.awaitEnd(WAIT)).isTrue();
            assertThat(Status.fromThrowable(absent.error()).getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(sensor.server().hub().subscriberCount()).isZero();
        }
    }

    @Test
    void aFilterTheCollectorRefusesIsAnErrorAndTheOtherStreamsKeepTheirs() throws Exception {
        SyscallsStandIn syscalls = new SyscallsStandIn();
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(syscalls))) {
            StreamRecorder good = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setSyscalls(SyscallTarget.newBuilder().setTasks(pids(7)))).build(), good);
            good.awaitEvent(SensorEvent::hasInfo, WAIT);
            Filter accepted = syscalls.filters.getLast();
            assertThat(accepted.getPidsList()).containsExactly(7);
            assertThat(accepted.getSyscallsList()).as("no syscalls named: the sensor's default set")
                    .containsExactly("read", "connect");

            StreamRecorder bad = new StreamRecorder();
            sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setSyscalls(SyscallTarget.newBuilder().setTasks(pids(8)).addSyscalls("frobnicate"))).build(), bad);
            assertThat(bad.awaitEnd(WAIT)).isTrue();
            Status refused = Status.fromThrowable(bad.error());
            assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(refused.getDescription()).contains("unknown syscall 'frobnicate'");
            assertThat(syscalls.filters.getLast()).as("rolled back to the union without the refused stream")
                    .isEqualTo(accepted);
            assertThat(sensor.server().hub().subscriberCount()).isEqualTo(1);
            call.cancel("done", null);
        }
    }

    @Test
    void twoStreamsTracingDifferentProcessesEachGetOnlyTheirOwn() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(new SyscallsStandIn()))) {
            StreamRecorder seven = new StreamRecorder();
            StreamRecorder eight = new StreamRecorder();
            var callSeven = sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setSyscalls(SyscallTarget.newBuilder().setTasks(pids(7)))).build(), seven);
            var callEight = sensor.client().subscribe(SubscribeRequest.newBuilder().setTargets(Targets.newBuilder()
                    .setSyscalls(SyscallTarget.newBuilder().setTasks(pids(8)))).build(), eight);
            seven.awaitEvent(SensorEvent::hasInfo, WAIT);
            eight.awaitEvent(SensorEvent::hasInfo, WAIT);
            for (int i = 1; i <= 6; i++) {
                sensor.server().hub().publish(span(i % 2 == 0 ? 8 : 7, i));
            }
            seven.awaitEvent(e -> e.hasSyscallSpan() && e.getSyscallSpan().getStartNs() == 5, WAIT);
            eight.awaitEvent(e -> e.hasSyscallSpan() && e.getSyscallSpan().getStartNs() == 6, WAIT);
            assertThat(seven.events()).filteredOn(SensorEvent::hasSyscallSpan)
                    .allSatisfy(e -> assertThat(e.getSyscallSpan().getPid()).isEqualTo(7)).hasSize(3);
            assertThat(eight.events()).filteredOn(SensorEvent::hasSyscallSpan)
                    .allSatisfy(e -> assertThat(e.getSyscallSpan().getPid()).isEqualTo(8)).hasSize(3);
            callSeven.cancel("done", null);
            callEight.cancel("done", null);
        }
    }

    @Test
    void aProtocolOneRequestStillGetsItsKindsUnderItsOneFilter() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(ScriptedCollector.running(Feature.FEATURE_FLOWS)))) {
            StreamRecorder events = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.newBuilder().addKinds(EventKind.EVENT_KIND_FLOWS)
                    .setFilter(Filter.newBuilder().addPorts(443)).build(), events);
            events.awaitEvent(SensorEvent::hasInfo, WAIT);
            sensor.server().hub().publish(flowToPort(80, 1));
            sensor.server().hub().publish(flowToPort(443, 2));
            events.awaitEvent(SensorEvent::hasFlow, WAIT);
            Thread.sleep(100);
            assertThat(events.events()).filteredOn(SensorEvent::hasFlow).extracting(e -> e.getFlow().getFlowId())
                    .containsExactly(2L);
            call.cancel("done", null);
        }
    }
}
