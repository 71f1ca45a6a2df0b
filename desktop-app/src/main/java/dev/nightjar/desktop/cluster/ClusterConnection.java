package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A cluster the user connected to: the client for its context, the nodes the picker shows,
 * and notes on what connecting could not do (pods not counted, say) that did not stop it.
 */
public record ClusterConnection(KubeContext context, KubernetesClient client, List<NodeChoice> nodes, List<String> notes)
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
        notes = List.copyOf(notes);
    }

    public ClusterConnection(KubeContext context, KubernetesClient client, List<NodeChoice> nodes) {
        this(context, client, nodes, List.of());
    }

    @Override
    public void close() {
        client.close();
    }
}
