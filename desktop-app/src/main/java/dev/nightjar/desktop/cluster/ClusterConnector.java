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
    private final ClientOptions options;

    /** Connects with this process's environment; nobody sees a credential plugin's prompts. */
    public ClusterConnector(Kubeconfigs kubeconfigs, ConnectionProblems problems) {
        this(kubeconfigs, problems, ClientOptions.forThisProcess(PluginPrompts.NONE));
    }

    /** @param options the environment, and where a credential plugin's prompts go (the connect screen) */
    public ClusterConnector(Kubeconfigs kubeconfigs, ConnectionProblems problems, ClientOptions options) {
        this.kubeconfigs = kubeconfigs;
        this.problems = problems;
        this.options = options;
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
            context.credentialPlugin().ifPresent(plugin ->
                    progress.accept("Getting credentials from `" + plugin.command() + "`…"));
            client = kubeconfigs.clientFor(contextName, options);
            progress.accept("Reaching " + context.server().orElse("the API server") + "…");
        } catch (KubeconfigProblem | CredentialPluginException e) {
            // Both messages say what is wrong and what to do, naming the file or the plugin.
            throw new ClusterConnectException(e.getMessage(), e);
        }
        try {
            client.getKubernetesVersion();
            onReached.accept(client);
            progress.accept("Reading nodes…");
            NodeSummaries.Read read = NodeSummaries.read(client, progress);
            List<ClusterConnection.NodeChoice> nodes = new ArrayList<>();
            for (NodeSummary node : read.nodes()) {
                nodes.add(new ClusterConnection.NodeChoice(node, NodeWarnings.check(node, Optional.empty())));
            }
            return new ClusterConnection(context, client, nodes, read.notes());
        } catch (RuntimeException e) {
            client.close();
            throw new ClusterConnectException(problems.explain(e, context).message(), e);
        }
    }
}
