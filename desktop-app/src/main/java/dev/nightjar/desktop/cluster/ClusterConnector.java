package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Connects to one kubeconfig context the way the connect screen needs it: a
 * first call that proves the cluster answers, then the node list with its warnings.
 * Whatever else must happen once the cluster answers (the session's orphan sweep) the
 * caller passes in; it runs between the two. Blocking: call it off the UI thread.
 * Every failure becomes a {@link ClusterConnectException} whose message says what
 * went wrong and what to do.
 */
public final class ClusterConnector {

    private final Kubeconfigs kubeconfigs;
    private final ConnectionProblems problems;

    public ClusterConnector(Kubeconfigs kubeconfigs, ConnectionProblems problems) {
        this.kubeconfigs = kubeconfigs;
        this.problems = problems;
    }

    /** @param progress receives a line per step ("Reaching the API server…"); called on this thread */
    public ClusterConnection connect(String contextName, Consumer<String> progress) throws ClusterConnectException {
        return connect(contextName, progress, client -> { });
    }

    /**
     * @param progress  receives a line per step ("Reaching the API server…"); called on this thread
     * @param onReached runs on this thread once the API server answered, before the nodes are read; a
     *                  runtime exception it throws fails the connection, explained like the API's own failures
     */
    public ClusterConnection connect(String contextName, Consumer<String> progress,
                                     Consumer<KubernetesClient> onReached) throws ClusterConnectException {
        KubeContext context;
        KubernetesClient client;
        try {
            context = kubeconfigs.context(contextName);
            progress.accept("Reaching " + context.server().orElse("the API server") + "…");
            client = kubeconfigs.clientFor(contextName);
        } catch (KubeconfigProblem e) {
            throw new ClusterConnectException(e.getMessage(), e);
        }
        try {
            client.getKubernetesVersion();
            onReached.accept(client);
            progress.accept("Reading nodes…");
            List<ClusterConnection.NodeChoice> nodes = new ArrayList<>();
            for (NodeSummary node : NodeSummaries.read(client)) {
                nodes.add(new ClusterConnection.NodeChoice(node, NodeWarnings.check(node, Optional.empty())));
            }
            return new ClusterConnection(context, client, nodes);
        } catch (RuntimeException e) {
            client.close();
            throw new ClusterConnectException(problems.explain(e, context).message(), e);
        }
    }
}
