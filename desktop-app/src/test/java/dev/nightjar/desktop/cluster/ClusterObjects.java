package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/** API objects for enrichment tests, shaped as the API server returns them. */
final class ClusterObjects {

    private ClusterObjects() {
    }

    /** A failure Status as the API server writes it. */
    static Status status(int code, String reason, String message) {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                .withCode(code).withReason(reason).withMessage(message).build();
    }

    static PodBuilder pod(String namespace, String name, String node, String ip) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withUid(java.util.UUID.nameUUIDFromBytes((namespace + "/" + name).getBytes()).toString())
                .addToLabels("app", name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("nginx:1.27")
                .addNewEnv().withName("SECRET_TOKEN").withValue("hunter2").endEnv()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus();
    }

    static Pod ownedPod(String namespace, String name, String node, String ip, String ownerKind, String ownerName) {
        return pod(namespace, name, node, ip).editMetadata().addNewOwnerReference().withApiVersion("apps/v1")
                .withKind(ownerKind).withName(ownerName).withUid("u-" + ownerName).withController(true)
                .endOwnerReference().endMetadata().build();
    }

    static Pod withContainerId(PodBuilder pod, String container, String runtimeId) {
        return pod.editStatus().addNewContainerStatus().withName(container).withContainerID(runtimeId)
                .withReady(true).withRestartCount(0).withImage("nginx:1.27").endContainerStatus().endStatus().build();
    }

    static Pod hostNetworkPod(String namespace, String name, String node, String nodeIp, int containerPort) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNodeName(node).withHostNetwork(true).addNewContainer().withName("agent")
                .withImage("agent:1").addNewPort().withContainerPort(containerPort).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(nodeIp).addNewPodIP().withIp(nodeIp).endPodIP()
                .endStatus().build();
    }

    static Node node(String name, String internalIp, String... labels) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withNewNodeInfo().withKernelVersion("6.8.0").withArchitecture("amd64").withOsImage("Ubuntu 24.04")
                .withContainerRuntimeVersion("containerd://1.7.12").endNodeInfo().endStatus();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            b.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return b.build();
    }

    static Service service(String namespace, String name, String clusterIp, String portName, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).addToClusterIPs(clusterIp)
                .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort().endSpec().build();
    }

    static EndpointSlice slice(String namespace, String service, String address, int port) {
        return new EndpointSliceBuilder().withNewMetadata().withName(service + "-abcde").withNamespace(namespace)
                .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses(address).endEndpoint()
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort().build();
    }

    static ReplicaSet replicaSet(String namespace, String name, String deployment) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(deployment)
                .withUid("u-" + deployment).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build();
    }

    static Job job(String namespace, String name, String cronJob) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob").withName(cronJob)
                .withUid("u-" + cronJob).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().endSpec().build();
    }

    static Namespace namespace(String name, String... labels) {
        NamespaceBuilder b = new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/metadata.name", name).endMetadata();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            b.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return b.build();
    }

    static NetworkPolicy denyAll(String namespace, String name, String appLabel) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"huge\":true}").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", appLabel).endPodSelector()
                .withPolicyTypes("Ingress").addNewIngress().addNewFrom().withNewNamespaceSelector()
                .addToMatchLabels("team", "payments").endNamespaceSelector().endFrom().endIngress().endSpec().build();
    }
}
