package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.desktop.ui.security.SecurityChoiceModel;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Security page's choice of a live session's security policies, without a stage: what each
 * sensor is asked for (a recording retargeter stands for the sensors' answers), and what the page
 * says back.
 */
class SecurityChoiceTest {

    private static final String POLICY = """
            apiVersion: cilium.io/v1alpha1
            kind: TracingPolicy
            metadata:
              name: lab-hostname
            spec:
              kprobes:
              - call: security_file_open
            """;

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private final RecordingRetargeter recording = new RecordingRetargeter();
    private final List<TraceTargets> asked = recording.targets;
    private final List<String> askedSensors = recording.sensors;
    private final List<Consumer<String>> answers = recording.answers;
    private final List<Consumer<Exception>> refusals = recording.refusals;

    private WorkbenchViewModel live(TargetsByNode initial) {
        return live(recording, initial);
    }

    private WorkbenchViewModel live(Retargeter retargeter, TargetsByNode initial) {
        WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(true, "session", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run);
        vm.useRetargeter(retargeter, initial);
        return vm;
    }

    private void sensorOn(String node, boolean securityCapable) {
        SensorInfo.Builder info = SensorInfo.newBuilder().setNodeName(node).setProtocolVersion(3)
                .addCapabilities("targets");
        if (securityCapable) {
            info.addCapabilities("security-events");
        }
        store.recordSensorInfo(node, info.build());
    }

    @Test
    void aLiveSessionStartsWithSecurityEventsOffAndDefaultPoliciesAreAskedOfItsSensor() {
        sensorOn("lab-node", true);
        try (WorkbenchViewModel vm = live(TargetsByNode.ONE_SENSOR)) {
            SecurityChoiceModel choice = vm.security().choice();
            assertThat(choice.liveProperty().get()).isTrue();
            assertThat(choice.chosenProperty().get()).isEqualTo(SecurityEvents.OFF);
            assertThat(TraceTargets.DEFAULT.request().getTargets().hasSecurity()).as("nothing hooked by default")
                    .isFalse();

            choice.choose(SecurityEvents.DEFAULT_POLICIES);

            assertThat(askedSensors).containsExactly("");
            assertThat(asked.get(0).request().getTargets().hasSecurity()).isTrue();
            assertThat(asked.get(0).request().getTargets().getSecurity().getPoliciesYamlList())
                    .as("an empty target: the sensor's default set").isEmpty();
            assertThat(choice.askingProperty().get()).isTrue();
            answers.get(0).accept("the sensor now sends what was chosen");
            assertThat(choice.askingProperty().get()).isFalse();
            assertThat(choice.outcomeProperty().get()).isEqualTo("Default security policies now run on the sensor.");
            assertThat(choice.refusedProperty().get()).isFalse();
            assertThat(choice.chosenProperty().get()).isEqualTo(SecurityEvents.DEFAULT_POLICIES);
        }
    }

    @Test
    void aLaterSyscallChoiceKeepsTheSessionsPolicies() {
        try (WorkbenchViewModel vm = live(TargetsByNode.ONE_SENSOR)) {
            vm.security().choice().choose(SecurityEvents.DEFAULT_POLICIES);
            answers.get(0).accept("ok");

            vm.traceActions().traceSyscalls(TaskChoice.process("lab-node", 4242, "nginx"));

            assertThat(asked.get(1).syscalls().pids()).containsExactly(4242);
            assertThat(asked.get(1).request().getTargets().hasSecurity()).as("still asked for").isTrue();
        }
    }

    @Test
    void aClusterSessionsStartingPoliciesGoToEveryNodeIncludingOnesNobodyChoseOn() {
        TargetsByNode initial = TargetsByNode.cluster(2).withSecurity(SecurityEvents.DEFAULT_POLICIES);
        try (WorkbenchViewModel vm = live(initial)) {
            assertThat(vm.security().choice().chosenProperty().get()).isEqualTo(SecurityEvents.DEFAULT_POLICIES);
            vm.traceActions().traceSyscalls(TaskChoice.process("node-b", 4242, "nginx"));

            assertThat(asked.get(0).security()).isEqualTo(SecurityEvents.DEFAULT_POLICIES);
            assertThat(vm.targetsProperty().get().of("node-a").request().getTargets().hasSecurity()).isTrue();
        }
    }

    @Test
    void inAClusterEveryNodeIsAskedAndARefusalUndoesOnlyThatNodesPolicies(@TempDir Path dir) throws Exception {
        sensorOn("node-a", true);
        sensorOn("node-b", true);
        Path file = Files.writeString(dir.resolve("lab.yaml"), POLICY);
        try (WorkbenchViewModel vm = live(TargetsByNode.cluster(2))) {
            SecurityChoiceModel choice = vm.security().choice();
            choice.choosePolicyFiles(List.of(file));

            assertThat(askedSensors).containsExactly("node-a", "node-b");
            assertThat(asked).allSatisfy(t -> assertThat(t.request().getTargets().getSecurity().getPoliciesYamlList())
                    .containsExactly(POLICY));
            answers.get(0).accept("ok");
            refusals.get(1).accept(new IllegalArgumentException("the sensor cannot trace that: security target:"
                    + " line 7, spec.kprobes[0].call: 'security_file_open' needs args"));

            assertThat(choice.outcomeProperty().get())
                    .contains("The sensor refused security policies from lab.yaml")
                    .contains("node node-b: the sensor cannot trace that: security target: line 7, spec.kprobes[0].call")
                    .contains("Taken on node-a");
            assertThat(choice.refusedProperty().get()).isTrue();
            assertThat(vm.targetsProperty().get().of("node-a").security().mode())
                    .isEqualTo(SecurityEvents.Mode.POLICY_FILES);
            assertThat(vm.targetsProperty().get().of("node-b").security()).isEqualTo(SecurityEvents.OFF);
        }
    }

    @Test
    void aNodeOfTheSessionThatHasNotStreamedYetIsAskedTooSoItJoinsWithTheNewPolicies() {
        sensorOn("node-a", true); // node-b's pod is still starting: nothing from it in the store
        try (WorkbenchViewModel vm = live(Retargeter.over(List.of("node-a", "node-b"), recording), TargetsByNode.cluster(2))) {
            vm.security().choice().choose(SecurityEvents.DEFAULT_POLICIES);

            assertThat(askedSensors).as("the session's nodes, not only those that sent something")
                    .containsExactly("node-a", "node-b");
            assertThat(asked).allSatisfy(t -> assertThat(t.security()).isEqualTo(SecurityEvents.DEFAULT_POLICIES));
        }
    }

    @Test
    void whenEverySensorRefusesTheSessionsChoiceGoesBack() {
        sensorOn("node-a", true);
        sensorOn("node-b", true);
        try (WorkbenchViewModel vm = live(TargetsByNode.cluster(2))) {
            vm.security().choice().choose(SecurityEvents.DEFAULT_POLICIES);
            refusals.forEach(r -> r.accept(new IllegalArgumentException("the sensor cannot trace that: no BPF LSM")));

            assertThat(vm.security().choice().chosenProperty().get()).isEqualTo(SecurityEvents.OFF);
            assertThat(vm.targetsProperty().get().of("node-c").security()).as("a node joining later")
                    .isEqualTo(SecurityEvents.OFF);
            assertThat(vm.targetProblemProperty().get()).contains("no BPF LSM");
        }
    }

    @Test
    void aPolicyFileRefusedHereReachesNoSensorAndItsLineAndFieldAreNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
        try (WorkbenchViewModel vm = live(TargetsByNode.ONE_SENSOR)) {
            SecurityChoiceModel choice = vm.security().choice();
            choice.choosePolicyFiles(List.of(file));

            assertThat(asked).isEmpty();
            assertThat(choice.outcomeProperty().get()).isEqualTo("Policy file pod.yaml refused: line 2: kind: 'Pod' is"
                    + " not TracingPolicy. Nothing was asked of the sensors.");
            assertThat(choice.refusedProperty().get()).isTrue();
            assertThat(choice.chosenProperty().get()).isEqualTo(SecurityEvents.OFF);
        }
    }

    @Test
    void aSensorWithoutSecurityEventsIsNamedInTheOutcome() {
        sensorOn("old-node", false);
        try (WorkbenchViewModel vm = live(TargetsByNode.ONE_SENSOR)) {
            SecurityChoiceModel choice = vm.security().choice();
            choice.choose(SecurityEvents.DEFAULT_POLICIES);
            answers.get(0).accept("the sensor now sends what was chosen");

            assertThat(choice.outcomeProperty().get()).contains("this sensor cannot send security events")
                    .contains("redeploy it with this Nightjar's sensor image");
            assertThat(choice.refusedProperty().get()).as("shown as a notice").isTrue();
        }
    }

    @Test
    void aCaptureFromAFileOffersNoChoice() {
        try (WorkbenchViewModel vm = new WorkbenchViewModel(store, new CaptureSource(false, "x.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Runnable::run)) {
            SecurityChoiceModel choice = vm.security().choice();
            assertThat(choice.liveProperty().get()).isFalse();

            choice.choose(SecurityEvents.DEFAULT_POLICIES);

            assertThat(asked).isEmpty();
            assertThat(choice.outcomeProperty().get()).contains("not live");
        }
    }
}
