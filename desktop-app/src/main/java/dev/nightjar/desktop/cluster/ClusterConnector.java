package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.session.OrphanSweeper;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SweepReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Connects to one kubeconfig context the way the connect screen needs it: a
 * first call that proves the cluster answers, the orphan sweep (sensors left by
 * a desktop that crashed), then the node list with its warnings. Blocking: call
 * it off the UI thread. Every failure becomes a {@link ClusterConnectException}
 * whose message says what went wrong and what to do.
 */
public final class ClusterConnector {

    private final Kubeconfigs kubeconfigs;
    private final ConnectionProblems problems;
    private final Clock clock;
    private final SensorSettings settings;

    public ClusterConnector(Kubeconfigs kubeconfigs, ConnectionProblems problems, Clock clock, SensorSettings settings) {
        this.kubeconfigs = kubeconfigs;
        this.problems = problems;
        this.clock = clock;
        this.settings = settings;
    }

    /** @param progress receives a line per step ("Reaching the API server…"); called on this thread */
    public ClusterConnection connect(String contextName, Consumer<String> progress) throws ClusterConnectException {
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
            progress.accept("Looking for sensors left behind by an earlier session…");
            SweepReport sweep = new OrphanSweeper(client, clock, settings).sweep();
            progress.accept("Reading nodes…");
            List<ClusterConnection.NodeChoice> nodes = new ArrayList<>();
            for (NodeSummary node : NodeSummaries.read(client)) {
                nodes.add(new ClusterConnection.NodeChoice(node, NodeWarnings.check(node, Optional.empty())));
            }
            return new ClusterConnection(context, client, nodes, sweep);
        } catch (RuntimeException e) {
            client.close();
            throw new ClusterConnectException(problems.explain(e, context).message(), e);
        }
    }
}
