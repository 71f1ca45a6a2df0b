package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a sensor pod's status (and the latest event about it) as a
 * {@link SensorPodStatus}. A pure function: the same pod gives the same answer, and
 * the pod is never modified (it may be an informer's cached object).
 */
public final class PodStatusInterpreter {

    private static final Set<String> IMAGE_PULL_REASONS =
            Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable");
    private static final Set<String> CREATE_FAILURE_REASONS =
            Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private PodStatusInterpreter() {
    }

    /**
     * @param pod the pod as last seen, or null if it no longer exists
     * @param latestEvent the newest event whose involved object is this pod, if any
     */
    public static SensorPodStatus interpret(String node, String podName, Pod pod, Optional<Event> latestEvent) {
        return interpret(node, podName, pod, latestEvent, Optional.empty());
    }

    /**
     * @param nodeNotReady why the pod's node is not Ready, if it is not (a pod that does not
     *                     run yet waits for it; one that runs is left to its own status)
     */
    public static SensorPodStatus interpret(String node, String podName, Pod pod, Optional<Event> latestEvent,
                                            Optional<String> nodeNotReady) {
        if (pod == null) {
            return new SensorPodStatus(node, podName, SensorPodStage.GONE,
                    "the sensor pod is gone: it was deleted, or node " + node + " was removed from the cluster",
                    "pod deleted");
        }
        String image = pod.getSpec().getContainers().getFirst().getImage();
        var status = pod.getStatus();
        String phase = status == null ? null : status.getPhase();
        Optional<ContainerStatus> container = status == null || status.getContainerStatuses() == null
                ? Optional.empty() : status.getContainerStatuses().stream().findFirst();
        Optional<ContainerStateWaiting> waiting = container.map(c -> c.getState())
                .map(s -> s == null ? null : s.getWaiting());
        Optional<ContainerStateTerminated> terminated = container.map(c -> c.getState())
                .map(s -> s == null ? null : s.getTerminated());

        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new SensorPodStatus(node, podName, SensorPodStage.GONE, "the sensor pod is being deleted",
                    "pod deleted");
        }
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return new SensorPodStatus(node, podName, SensorPodStage.FAILED, endedMessage(node, status.getReason(),
                    status.getMessage(), terminated), ending(phase, status.getReason(), terminated));
        }
        if (waiting.isPresent() && IMAGE_PULL_REASONS.contains(waiting.get().getReason())) {
            return of(node, podName, SensorPodStage.IMAGE_PULL_FAILED, "cannot pull image " + image + " ("
                    + waiting.get().getReason() + suffix(waiting.get().getMessage()) + "). Check that the image"
                    + " exists for this node's architecture and that the node can reach the registry.");
        }
        if (waiting.isPresent() && CREATE_FAILURE_REASONS.contains(waiting.get().getReason())) {
            return of(node, podName, SensorPodStage.FAILED, "the container cannot be created ("
                    + waiting.get().getReason() + suffix(waiting.get().getMessage()) + ")");
        }
        Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())) {
            return of(node, podName, SensorPodStage.UNSCHEDULABLE, "cannot be scheduled on " + node + ": "
                    + Optional.ofNullable(scheduled.get().getMessage()).orElse(scheduled.get().getReason()));
        }
        if ("Running".equals(phase) && container.map(c -> c.getState() != null && c.getState().getRunning() != null)
                .orElse(true)) {
            return of(node, podName, SensorPodStage.RUNNING, "running on " + node);
        }
        if (nodeNotReady.isPresent()) {
            return of(node, podName, SensorPodStage.NODE_NOT_READY, "node " + node + " is NotReady ("
                    + nodeNotReady.get() + "); the sensor starts if the node becomes Ready again");
        }
        if (container.isPresent() || "ContainerCreating".equals(waiting.map(ContainerStateWaiting::getReason).orElse(null))) {
            String reason = latestEvent.map(Event::getReason).orElse("");
            if ("Pulling".equals(reason)) {
                return of(node, podName, SensorPodStage.PULLING_IMAGE, "pulling image " + image);
            }
            if ("FailedMount".equals(reason)) {
                return of(node, podName, SensorPodStage.STARTING, "starting; volume not mounted yet: "
                        + latestEvent.get().getMessage());
            }
            return of(node, podName, SensorPodStage.STARTING, "starting the sensor container");
        }
        if (latestEvent.map(Event::getReason).filter("Pulling"::equals).isPresent()) {
            return of(node, podName, SensorPodStage.PULLING_IMAGE, "pulling image " + image);
        }
        if (pod.getSpec().getNodeName() != null && (scheduled.isPresent() || phase != null)) {
            return of(node, podName, SensorPodStage.SCHEDULED, "scheduled on " + node + ", waiting for its kubelet");
        }
        return of(node, podName, SensorPodStage.PENDING, "created, waiting for node " + node + " to take it");
    }

    private static String endedMessage(String node, String reason, String message,
                                       Optional<ContainerStateTerminated> terminated) {
        if ("DeadlineExceeded".equals(reason)) {
            return "stopped: the pod reached its active deadline";
        }
        if (reason != null && (reason.startsWith("OutOf") || reason.equals("NodeAffinity")
                || reason.equals("NodeLost") || reason.equals("Evicted") || reason.equals("UnexpectedAdmissionError"))) {
            return "node " + node + " would not run the pod (" + reason + suffix(message) + ")";
        }
        if (terminated.isPresent() && Integer.valueOf(0).equals(terminated.get().getExitCode())) {
            return "the sensor ended by itself: no client was connected for its idle timeout (idle exit)";
        }
        if (terminated.isPresent()) {
            ContainerStateTerminated t = terminated.get();
            return "the sensor exited with code " + t.getExitCode()
                    + (t.getReason() == null ? "" : " (" + t.getReason() + suffix(t.getMessage()) + ")");
        }
        return "the pod ended" + (reason == null ? "" : " (" + reason + suffix(message) + ")");
    }

    /** "pod Completed: idle exit", "pod Failed: DeadlineExceeded", "pod Failed: exit code 3 (Error)". */
    private static String ending(String phase, String reason, Optional<ContainerStateTerminated> terminated) {
        if (reason != null && !reason.isBlank()) {
            return "pod " + phase + ": " + reason;
        }
        if (terminated.isPresent() && Integer.valueOf(0).equals(terminated.get().getExitCode())) {
            return "pod Completed: idle exit";
        }
        if (terminated.isPresent()) {
            ContainerStateTerminated t = terminated.get();
            return "pod " + phase + ": exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
        }
        return "pod " + ("Succeeded".equals(phase) ? "Completed" : phase);
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    private static SensorPodStatus of(String node, String pod, SensorPodStage stage, String message) {
        return new SensorPodStatus(node, pod, stage, message);
    }
}
