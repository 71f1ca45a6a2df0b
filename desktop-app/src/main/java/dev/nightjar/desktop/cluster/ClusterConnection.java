package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.session.SweepReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A cluster the user connected to: the client for its context, the nodes the
 * picker shows, and what the orphan sweep removed on the way in.
 */
public record ClusterConnection(KubeContext context, KubernetesClient client, List<NodeChoice> nodes,
                                SweepReport sweep) implements AutoCloseable {

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
