package dev.nightjar.desktop.ui.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.SyscallEvents;
import dev.nightjar.desktop.targets.TraceCandidates.Candidate;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Syscalls page's picker without a stage, over a live workbench whose sensor side records what it is asked. */
class TargetPickerModelTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(2_000, 4));
    private final List<TraceTargets> asked = new ArrayList<>();
    private final List<String> askedSensors = new ArrayList<>();

    private TargetPickerModel picker(WorkbenchViewModel vm) {
        vm.useRetargeter((sensor, next, done, failed) -> asked.add(next), TargetsByNode.ONE_SENSOR);
        return new TargetPickerModel(vm.traceActions(), vm.targetsProperty(), vm.retargetableProperty());
    }

    private WorkbenchViewModel workbench() {
        return new WorkbenchViewModel(store, new CaptureSource(true, "127.0.0.1:7700", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run);
    }

    @Test
    void theSearchNarrowsTheListAndTheChosenProcessIsTraced() {
        store.accept(SyscallEvents.process("node-a", 10, "nginx", ""));
        store.accept(SyscallEvents.process("node-a", 11, "postgres", ""));
        try (WorkbenchViewModel vm = workbench()) {
            TargetPickerModel picker = picker(vm);
            picker.open();
            assertThat(picker.openProperty().get()).isTrue();
            assertThat(picker.shown()).extracting(Candidate::label).containsExactly("nginx (10)", "postgres (11)");

            picker.queryProperty().set("post");
            assertThat(picker.shown()).extracting(Candidate::label).containsExactly("postgres (11)");
            assertThat(picker.statusProperty().get()).isEqualTo("1 match");
            picker.queryProperty().set("mysql");
            assertThat(picker.shown()).isEmpty();
            assertThat(picker.statusProperty().get()).contains("Nothing matches \"mysql\"");

            picker.queryProperty().set("11");
            picker.selectedProperty().set(picker.shown().getFirst());
            picker.traceSelected();

            assertThat(asked).singleElement().satisfies(t -> assertThat(t.syscalls().pids()).containsExactly(11));
            assertThat(picker.openProperty().get()).as("closed after a choice").isFalse();
        }
    }

    @Test
    void aProcessSeenAfterThePickerOpenedIsListedWithoutReopeningItUntilOneIsSelected() {
        store.accept(SyscallEvents.process("node-a", 10, "nginx", ""));
        try (WorkbenchViewModel vm = workbench()) {
            TargetPickerModel picker = picker(vm);
            picker.open();
            picker.queryProperty().set("perl");
            assertThat(picker.shown()).isEmpty();

            store.accept(SyscallEvents.process("node-a", 12, "perl", ""));
            picker.relist();
            assertThat(picker.shown()).extracting(Candidate::label).containsExactly("perl (12)");

            picker.selectedProperty().set(picker.shown().getFirst());
            store.accept(SyscallEvents.process("node-a", 13, "perl", ""));
            picker.relist();
            assertThat(picker.shown()).as("the list holds still once something is selected")
                    .extracting(Candidate::label).containsExactly("perl (12)");
        }
    }

    @Test
    void aNodesHundredsOfProcessesAreShownAFewHundredAtATime() {
        for (int pid = 1; pid <= TargetPickerModel.SHOWN + 100; pid++) {
            store.accept(SyscallEvents.process("node-a", pid, "worker", ""));
        }
        try (WorkbenchViewModel vm = workbench()) {
            TargetPickerModel picker = picker(vm);
            picker.open();
            assertThat(picker.shown()).hasSize(TargetPickerModel.SHOWN);
            assertThat(picker.statusProperty().get()).contains("type more");
        }
    }

    @Test
    void theWholeNodeAndProfilingAreChoicesToo() {
        store.accept(SyscallEvents.process("node-a", 10, "nginx", ""));
        try (WorkbenchViewModel vm = workbench()) {
            TargetPickerModel picker = picker(vm);
            picker.open();
            picker.selectedProperty().set(picker.shown().getFirst());
            picker.profileSelected();
            picker.open();
            picker.traceWholeNode();
            picker.open();
            picker.profileWholeNode();

            assertThat(asked).hasSize(3);
            assertThat(asked.get(0).profile().pids()).containsExactly(10);
            assertThat(asked.get(0).syscalls()).isNull();
            assertThat(asked.get(1).syscalls().wholeNode()).isTrue();
            assertThat(asked.get(2).profile().wholeNode()).isTrue();
            assertThat(TargetPickerModel.WHOLE_NODE_COST).contains("every syscall of every process");
        }
    }

    @Test
    void inAClusterTheWholeNodeIsTheNodeChosenBesideItAndProfilesGoBackOnEveryNarrowedNode() {
        store.accept(SyscallEvents.process("node-b", 10, "nginx", ""));
        store.accept(SyscallEvents.process("node-a", 11, "java", ""));
        try (WorkbenchViewModel vm = workbench()) {
            vm.useRetargeter((sensor, next, done, failed) -> {
                askedSensors.add(sensor);
                asked.add(next);
            }, TargetsByNode.cluster(2));
            TargetPickerModel picker = new TargetPickerModel(vm.traceActions(), vm.targetsProperty(),
                    vm.retargetableProperty());
            picker.open();
            assertThat(picker.nodes()).containsExactly("node-a", "node-b");
            assertThat(picker.wholeNodeOnProperty().get()).isEqualTo("node-a");
            assertThat(picker.shown()).extracting(Candidate::where).containsExactly("host · node-a", "host · node-b");

            picker.wholeNodeOnProperty().set("node-b");
            picker.traceWholeNode();
            for (Candidate c : List.copyOf(picker.shown())) {
                picker.open();
                picker.selectedProperty().set(c);
                picker.profileSelected();
            }
            picker.open();
            picker.profileWholeNode();

            assertThat(askedSensors).containsExactly("node-b", "node-a", "node-b", "node-a", "node-b");
            assertThat(asked.get(0).syscalls()).isEqualTo(TaskChoice.wholeNode("node-b"));
            assertThat(asked.get(3).profile().wholeNode()).isTrue();
            assertThat(asked.get(4).profile().wholeNode()).isTrue();
            assertThat(asked.get(4).syscalls()).as("node-b still traces its whole node").isEqualTo(asked.get(0).syscalls());
            assertThat(vm.targetsProperty().get().describe()).startsWith("node-b: syscalls of the whole node");
        }
    }

    @Test
    void nothingSeenYetSaysSoAndAStoppedSessionClosesThePicker() {
        try (WorkbenchViewModel vm = workbench()) {
            TargetPickerModel picker = picker(vm);
            picker.open();
            assertThat(picker.shown()).isEmpty();
            assertThat(picker.statusProperty().get()).contains("No process seen yet");

            vm.markStopped();
            assertThat(picker.openProperty().get()).isFalse();
            picker.open();
            assertThat(picker.openProperty().get()).as("nothing to choose once stopped").isFalse();
        }
    }
}
