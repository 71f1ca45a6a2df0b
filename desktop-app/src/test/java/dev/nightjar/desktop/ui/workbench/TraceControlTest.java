package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.SyscallEvents;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Choosing what a live session traces, without a stage: the sensor's side is a recording retargeter. */
class TraceControlTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private final RecordingRetargeter recording = new RecordingRetargeter();
    private final List<TraceTargets> asked = recording.targets;
    private final List<String> askedSensors = recording.sensors;
    private final List<Consumer<String>> answers = recording.answers;
    private final List<Consumer<Exception>> refusals = recording.refusals;

    private WorkbenchViewModel live() {
        WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "127.0.0.1:7700", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run);
        vm.useRetargeter(recording, TargetsByNode.ONE_SENSOR);
        return vm;
    }

    /** A live workbench over a cluster session of {@code nodes} nodes. */
    private WorkbenchViewModel cluster(int nodes) {
        WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "kind · 2 nodes", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run);
        vm.useRetargeter(recording, TargetsByNode.cluster(nodes));
        return vm;
    }

    @Test
    void inAClusterAChoiceGoesToItsOwnNodeAndWhatIsTracedNamesTheNode() {
        try (WorkbenchViewModel vm = cluster(2)) {
            vm.traceActions().traceSyscalls(TaskChoice.process("node-b", 4242, "nginx"));
            vm.traceActions().profileOnly(TaskChoice.process("node-a", 7, "java"));

            assertThat(askedSensors).containsExactly("node-b", "node-a");
            assertThat(asked.get(0).syscalls().pids()).containsExactly(4242);
            assertThat(asked.get(1).syscalls()).as("node-a was asked for no syscalls: node-b's are node-b's").isNull();
            assertThat(asked.get(1).profile().pids()).containsExactly(7);
            assertThat(vm.targetsProperty().get().of("node-b").profile().wholeNode()).isTrue();
            assertThat(vm.syscalls().emptyHintProperty().get()).contains("Tracing syscalls of nginx (4242) on node-b");
            answers.get(1).accept("the sensor now sends what was chosen");
            assertThat(vm.targetDoneProperty().get())
                    .isEqualTo("Profiling java (7) on node-a: the sensor now sends what was chosen");
        }
    }

    @Test
    void inAClusterARefusalUndoesOnlyItsOwnNodesChoice() {
        try (WorkbenchViewModel vm = cluster(2)) {
            vm.traceActions().traceSyscalls(TaskChoice.process("node-a", 1, "init"));
            vm.traceActions().traceSyscalls(TaskChoice.process("node-b", 4242, "nginx"));

            refusals.get(0).accept(new IllegalArgumentException("the sensor cannot trace that: no such process: 1"));

            assertThat(vm.targetsProperty().get().of("node-a").syscalls()).isNull();
            assertThat(vm.targetsProperty().get().of("node-b").syscalls().pids()).containsExactly(4242);
            assertThat(vm.targetProblemProperty().get()).contains("init (1) on node-a").contains("no such process");
        }
    }

    @Test
    void inAClusterAChoiceThatDoesNotSayItsNodeIsRefusedAndNoSensorIsAsked() {
        try (WorkbenchViewModel vm = cluster(2)) {
            vm.traceActions().traceSyscalls(TaskChoice.process("", 4242, "nginx"));
            vm.traceActions().traceSyscalls(TaskChoice.WHOLE_NODE);

            assertThat(asked).isEmpty();
            assertThat(vm.targetProblemProperty().get()).contains("does not say on which node it was made")
                    .contains("Choose it again");
            assertThat(vm.pageProperty().get()).as("nothing traced: the page stays").isNotEqualTo(WorkbenchPage.SYSCALLS);
            assertThat(vm.targetsProperty().get()).isEqualTo(TargetsByNode.cluster(2));
        }
    }

    @Test
    void theEmptySyscallsPageSaysHowToChooseUntilSomethingIsTraced() {
        try (WorkbenchViewModel vm = live()) {
            assertThat(vm.retargetableProperty().get()).isTrue();
            assertThat(vm.syscalls().emptyHintProperty().get()).contains("No syscalls are traced yet")
                    .contains("Choose what to trace");

            vm.traceActions().traceSyscalls(TaskChoice.process("node-a", 4242, "nginx"));

            assertThat(vm.syscalls().emptyHintProperty().get()).contains("Tracing syscalls of nginx (4242)");
        }
    }

    @Test
    void tracingAProcessAsksTheSensorKeepsTheProfileAndShowsTheSyscallsPage() {
        try (WorkbenchViewModel vm = live()) {
            vm.traceActions().profileOnly(TaskChoice.process("node-a", 7, "java"));
            vm.traceActions().traceSyscalls(TaskChoice.process("node-a", 4242, "nginx"));

            assertThat(asked).hasSize(2);
            assertThat(asked.get(1).syscalls().pids()).containsExactly(4242);
            assertThat(asked.get(1).profile().pids()).as("the profile choice stays").containsExactly(7);
            assertThat(vm.targetsProperty().get().of("")).isEqualTo(asked.get(1));
            assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.SYSCALLS);

            answers.get(1).accept("subscribed again with the new choice");
            assertThat(vm.targetDoneProperty().get())
                    .isEqualTo("Tracing syscalls of nginx (4242): subscribed again with the new choice");
        }
    }

    @Test
    void aRefusedChoiceGoesBackToThePreviousOneAndSaysWhy() {
        try (WorkbenchViewModel vm = live()) {
            vm.traceActions().traceSyscalls(TaskChoice.process("node-a", 1, "init"));
            vm.traceActions().traceSyscalls(TaskChoice.WHOLE_NODE);

            refusals.get(1).accept(new IllegalArgumentException("the sensor cannot trace that: no tracepoints"));

            assertThat(vm.targetsProperty().get().of("").syscalls().pids()).containsExactly(1);
            assertThat(vm.targetProblemProperty().get()).contains("the whole node").contains("no tracepoints");
            assertThat(vm.syscalls().emptyHintProperty().get()).contains("init (1)");
        }
    }

    @Test
    void anOfflineCaptureOrAStoppedSessionOffersNoChoice() {
        try (WorkbenchViewModel offline = new WorkbenchViewModel(store, new CaptureSource(false, "x.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run)) {
            assertThat(offline.traceActions().live()).isFalse();
            offline.traceActions().traceSyscalls(TaskChoice.process("node-a", 1, "init"));
            assertThat(offline.targetsProperty().get()).isEqualTo(TargetsByNode.ONE_SENSOR);
        }
        try (WorkbenchViewModel vm = live()) {
            vm.markStopped();
            assertThat(vm.retargetableProperty().get()).isFalse();
            vm.traceActions().traceSyscalls(TaskChoice.process("node-a", 1, "init"));
            assertThat(asked).isEmpty();
            assertThat(vm.syscalls().emptyHintProperty().get()).doesNotContain("Choose what to trace");
        }
    }

    @Test
    void aPodIsOfferedOnceItsProcessesHaveBeenSeen() {
        EndpointNamer namer = new EndpointNamer() {
            @Override
            public dev.nightjar.desktop.naming.FlowEndpoint name(String ip, int port) {
                return dev.nightjar.desktop.naming.FlowEndpoint.ofAddress(ip, port);
            }

            @Override
            public java.util.Optional<String> podOfContainer(String containerId) {
                return containerId.equals("cart1") ? java.util.Optional.of("shop/cart-0") : java.util.Optional.empty();
            }
        };
        store.accept(SyscallEvents.process("node-a", 10, "nginx", "abc123"));
        try (WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "a", ""), namer,
                Runnable::run)) {
            vm.useRetargeter(recording, TargetsByNode.ONE_SENSOR);
            assertThat(vm.traceActions().pod("shop/cart-0")).as("none of its processes seen yet").isEmpty();
            store.accept(SyscallEvents.process("node-a", 11, "cart", "cart1"));
            assertThat(vm.traceActions().pod("shop/cart-0")).get()
                    .satisfies(pod -> assertThat(pod.containerIds()).containsExactly("cart1"));
            List<String> labels = new ArrayList<>();
            vm.traceActions().candidates(found -> found.forEach(c -> labels.add(c.label())));
            assertThat(labels).containsExactly("container abc123", "pod shop/cart-0", "cart (11)", "nginx (10)");
        }
    }
}
