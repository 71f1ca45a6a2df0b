package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.ApiFailures;
import dev.nightjar.desktop.cluster.ClusterConnectException;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.ClusterConnector;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Connecting as the connect screen does it: the cluster's connector proves the API server
 * answers and lists the nodes; in between, the orphan sweep removes the sensors a desktop
 * that crashed left behind. Connecting belongs to {@code cluster}, the sweep to the session
 * that deploys sensors; this is where the two meet. A sweep that fails (no right to list
 * Secrets in the namespace, a transient error) never fails the connection: it is reported
 * as a warning next to the node list. Blocking: call it off the UI thread.
 */
public final class SweepingConnector {

    private final ClusterConnector connector;
    private final Clock clock;
    private final SensorSettings settings;

    public SweepingConnector(ClusterConnector connector, Clock clock, SensorSettings settings) {
        this.connector = connector;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * A connection and what the sweep on the way in did. Closing it closes the connection's client.
     *
     * @param sweepProblem why the sweep could not run, and what that means; empty when it ran
     */
    public record SweptConnection(ClusterConnection connection, SweepReport sweep, String sweepProblem)
            implements AutoCloseable {

        public SweptConnection(ClusterConnection connection, SweepReport sweep) {
            this(connection, sweep, "");
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** @param progress receives a line per step; called on this thread */
    public SweptConnection connect(String contextName, Consumer<String> progress) throws ClusterConnectException {
        AtomicReference<SweepReport> sweep = new AtomicReference<>(new SweepReport(List.of(), List.of(), List.of()));
        AtomicReference<String> problem = new AtomicReference<>("");
        ClusterConnection connection = connector.connect(contextName, progress, client -> {
            progress.accept("Looking for sensors left behind by an earlier session…");
            try {
                sweep.set(new OrphanSweeper(client, clock, settings).sweep());
            } catch (RuntimeException e) {
                String doing = "looking for them in namespace " + NightjarLabels.NAMESPACE;
                problem.set("The cleanup of sensors left behind by crashed sessions did not run, so some may still be"
                        + " there (they end by themselves at their deadline). "
                        + (e instanceof KubernetesClientException api ? ApiFailures.explain(api, doing)
                                : "Failed while " + doing + ": " + e.getMessage()));
            }
        });
        return new SweptConnection(connection, sweep.get(), problem.get());
    }
}
