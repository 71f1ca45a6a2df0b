package dev.nightjar.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cases the mock-server tests do not reach: terminal phases, kubelet rejections, create errors. */
class PodStatusInterpreterTest {

    private static final SessionPlan PLAN = new SessionPlan(new SessionId("abc"), List.of("n1"),
            PrivilegeMode.PRIVILEGED, SensorSettings.defaults());

    private static Pod pod() {
        return SensorPodSpec.build(PLAN, "n1");
    }

    private static SensorPodStatus interpret(Pod pod) {
        return PodStatusInterpreter.interpret("n1", "p", pod, Optional.empty());
    }

    @Test
    void aMissingPodIsGone() {
        assertThat(interpret(null).stage()).isEqualTo(SensorPodStage.GONE);
    }

    @Test
    void aFreshPodIsPending() {
        assertThat(interpret(pod()).stage()).isEqualTo(SensorPodStage.PENDING);
    }

    @Test
    void theDeadlineEndsAPod() {
        Pod p = new PodBuilder(pod()).withNewStatus().withPhase("Failed").withReason("DeadlineExceeded")
                .withMessage("Pod was active on the node longer than the specified deadline").endStatus().build();
        assertThat(interpret(p)).extracting(SensorPodStatus::stage, SensorPodStatus::message)
                .containsExactly(SensorPodStage.FAILED, "stopped: the pod reached its active deadline");
    }

    @Test
    void theKubeletRefusingThePodNamesItsReason() {
        Pod p = new PodBuilder(pod()).withNewStatus().withPhase("Failed").withReason("OutOfcpu")
                .withMessage("Pod Node didn't have enough resource: cpu, requested: 100, used: 3950, capacity: 4000")
                .endStatus().build();
        assertThat(interpret(p).message()).startsWith("node n1 would not run the pod (OutOfcpu: Pod Node didn't");
    }

    @Test
    void aSensorThatExitedSaysWithWhichCode() {
        Pod p = new PodBuilder(pod()).withNewStatus().withPhase("Failed")
                .addNewContainerStatus().withName("sensor").withNewState().withNewTerminated().withExitCode(3)
                .withReason("Error").withMessage("no BTF").endTerminated().endState().endContainerStatus()
                .endStatus().build();
        assertThat(interpret(p).message()).isEqualTo("the sensor exited with code 3 (Error: no BTF)");
    }

    @Test
    void aMissingSecretIsAContainerCreateFailure() {
        Pod p = new PodBuilder(pod()).withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("sensor").withNewState().withNewWaiting()
                .withReason("CreateContainerConfigError").withMessage("secret \"nightjar-abc-token\" not found")
                .endWaiting().endState().endContainerStatus().endStatus().build();
        assertThat(interpret(p)).extracting(SensorPodStatus::stage).isEqualTo(SensorPodStage.FAILED);
        assertThat(interpret(p).message()).contains("secret \"nightjar-abc-token\" not found");
    }

    @Test
    void aFailedMountEventIsShownWhileStarting() {
        Pod p = new PodBuilder(pod()).withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("sensor").withNewState().withNewWaiting()
                .withReason("ContainerCreating").endWaiting().endState().endContainerStatus().endStatus().build();
        Event e = Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"x\"},"
                + "\"reason\":\"FailedMount\",\"message\":\"MountVolume.SetUp failed for volume \\\"host-sys\\\"\"}",
                Event.class);
        SensorPodStatus s = PodStatusInterpreter.interpret("n1", "p", p, Optional.of(e));
        assertThat(s.stage()).isEqualTo(SensorPodStage.STARTING);
        assertThat(s.message()).contains("MountVolume.SetUp failed");
    }

    @Test
    void theInterpreterDoesNotChangeThePod() {
        Pod p = new PodBuilder(pod()).withNewStatus().withPhase("Running").endStatus().build();
        String before = Serialization.asJson(p);
        interpret(p);
        assertThat(Serialization.asJson(p)).isEqualTo(before);
    }
}
