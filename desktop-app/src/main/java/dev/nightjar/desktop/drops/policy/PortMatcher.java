package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A rule's {@code ports} list against the packet's protocol and destination port:
 * <ul>
 *   <li>an empty list admits every port and protocol;</li>
 *   <li>protocol defaults to TCP and must equal the packet's;</li>
 *   <li>no port admits every port of that protocol;</li>
 *   <li>a number admits that port, or the range port..endPort inclusive;</li>
 *   <li>a name is looked up among the destination pod's container ports (same name and protocol).
 *       Only a pod has named ports, so a name never matches a destination that is not a known pod.</li>
 * </ul>
 * Entries the API server would reject (unknown protocol, endPort below port)
 * match nothing; endPort next to a named port is ignored as the API forbids it.
 */
final class PortMatcher {

    private PortMatcher() {
    }

    /** The first entry that admits the packet, described ("TCP 8080", "TCP http (8080)"), or empty. */
    static Optional<String> match(List<NetworkPolicyPort> ports, TransportProtocol protocol, int port,
                                  Optional<Pod> destinationPod) {
        if (ports == null || ports.isEmpty()) {
            return Optional.of("any port");
        }
        for (NetworkPolicyPort entry : ports) {
            Optional<String> admitted = admits(entry, protocol, port, destinationPod);
            if (admitted.isPresent()) {
                return admitted;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> admits(NetworkPolicyPort entry, TransportProtocol protocol, int port,
                                           Optional<Pod> destinationPod) {
        Optional<TransportProtocol> wanted = TransportProtocol.fromPolicyField(entry.getProtocol());
        if (wanted.isEmpty() || wanted.get() != protocol) {
            return Optional.empty();
        }
        IntOrString spec = entry.getPort();
        if (spec == null || (spec.getIntVal() == null && spec.getStrVal() == null)) {
            return Optional.of("all " + protocol + " ports");
        }
        if (spec.getIntVal() != null) {
            int first = spec.getIntVal();
            Integer endPort = entry.getEndPort();
            if (endPort == null) {
                return first == port ? Optional.of(protocol + " " + port) : Optional.empty();
            }
            boolean inRange = endPort >= first && port >= first && port <= endPort;
            return inRange ? Optional.of(protocol + " " + first + "-" + endPort) : Optional.empty();
        }
        String name = spec.getStrVal();
        OptionalInt resolved = destinationPod.map(pod -> namedPort(pod, name, protocol)).orElse(OptionalInt.empty());
        return resolved.isPresent() && resolved.getAsInt() == port
                ? Optional.of(protocol + " " + name + " (" + port + ")")
                : Optional.empty();
    }

    /** The number of the container port with this name and protocol, if the pod declares one. */
    static OptionalInt namedPort(Pod pod, String name, TransportProtocol protocol) {
        for (Container container : portCarryingContainers(pod)) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort containerPort : container.getPorts()) {
                Optional<TransportProtocol> declared = TransportProtocol.fromPolicyField(containerPort.getProtocol());
                if (name.equals(containerPort.getName()) && declared.isPresent() && declared.get() == protocol
                        && containerPort.getContainerPort() != null) {
                    return OptionalInt.of(containerPort.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** App containers, plus sidecars (init containers with restartPolicy Always) which keep serving. */
    private static List<Container> portCarryingContainers(Pod pod) {
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec() == null) {
            return containers;
        }
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container init : pod.getSpec().getInitContainers()) {
                if ("Always".equals(init.getRestartPolicy())) {
                    containers.add(init);
                }
            }
        }
        return containers;
    }
}
