package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Builds what a test cluster holds, and plays the kubelet's status writes. */
final class ClusterFixtures {

    private ClusterFixtures() {
    }

    static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withNewNodeInfo().withKernelVersion("6.8.0-1015-aws").withArchitecture("amd64")
                .withOsImage("Ubuntu 24.04 LTS").withContainerRuntimeVersion("containerd://1.7.12").endNodeInfo()
                .endStatus().build();
    }

    static Pod workload(String namespace, String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app", name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("nginx:1.27")
                .endContainer().endSpec().build();
    }

    /** The kubelet's (or scheduler's) status write, through the status subresource. */
    static void setStatus(KubernetesClient simulator, String namespace, String pod, UnaryOperator<PodBuilder> status) {
        simulator.pods().inNamespace(namespace).withName(pod).editStatus(p -> status.apply(new PodBuilder(p)).build());
    }

    static void scheduled(KubernetesClient simulator, String ns, String pod) {
        setStatus(simulator, ns, pod, b -> b.withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus());
    }

    static void containerCreating(KubernetesClient simulator, String ns, String pod) {
        setStatus(simulator, ns, pod, b -> b.withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewContainerStatus().withName("sensor").withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                .endContainerStatus().endStatus());
    }

    static void running(KubernetesClient simulator, String ns, String pod) {
        setStatus(simulator, ns, pod, b -> b.withNewStatus().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewContainerStatus().withName("sensor").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState()
                .endContainerStatus().endStatus());
    }

    static void imagePullBackOff(KubernetesClient simulator, String ns, String pod, String image) {
        setStatus(simulator, ns, pod, b -> b.withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewContainerStatus().withName("sensor").withReady(false).withRestartCount(0).withImage(image)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState()
                .endContainerStatus().endStatus());
    }

    static void unschedulable(KubernetesClient simulator, String ns, String pod, String why) {
        setStatus(simulator, ns, pod, b -> b.withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage(why).endCondition().endStatus());
    }

    /** The kubelet's "Pulling" event about a pod. */
    static Event pullingEvent(String ns, String pod, String image) {
        return new EventBuilder().withNewMetadata().withName(pod + "." + UUID.randomUUID()).withNamespace(ns)
                .endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace(ns).endInvolvedObject()
                .withReason("Pulling").withMessage("Pulling image \"" + image + "\"").withType("Normal")
                .build();
    }

    /** A Status as the API server sends with an error response. */
    static Status status(int code, String reason, String message) {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                .withCode(code).withReason(reason).withMessage(message).build();
    }
}
