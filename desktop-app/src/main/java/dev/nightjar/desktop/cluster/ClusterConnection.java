package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A cluster the user connected to: the client for its context and the nodes the picker shows.
 */
public record ClusterConnection(KubeContext context, KubernetesClient client, List<NodeChoice> nodes)
        implements AutoCloseable {

    /** A node with the warnings to show before a sensor is deployed on it. */
    public record NodeChoice(NodeSummary summary, List<NodeWarning> warnings) {

        public NodeChoice {
            warnings = List.copyOf(warnings);
        }

        public boolean blocked() {
            return warnings.stream().anyMatch(w -> w.kind() == NodeWarning.Kind.BLOCKING);
        }
    }

    public ClusterConnection {
        nodes = List.copyOf(nodes);
    }

    @Override
    public void close() {
        client.close();
    }
}
