package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.ClusterConnectException;
import dev.nightjar.desktop.cluster.ClusterConnection;
import dev.nightjar.desktop.cluster.ClusterConnector;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Connecting as the connect screen does it: the cluster's connector proves the API server
 * answers and lists the nodes; in between, the orphan sweep removes the sensors a desktop
 * that crashed left behind. Connecting belongs to {@code cluster}, the sweep to the session
 * that deploys sensors; this is where the two meet. Blocking: call it off the UI thread.
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

    /** A connection and what the sweep on the way in did. Closing it closes the connection's client. */
    public record SweptConnection(ClusterConnection connection, SweepReport sweep) implements AutoCloseable {

        @Override
        public void close() {
            connection.close();
        }
    }

    /** @param progress receives a line per step; called on this thread */
    public SweptConnection connect(String contextName, Consumer<String> progress) throws ClusterConnectException {
        AtomicReference<SweepReport> sweep = new AtomicReference<>();
        ClusterConnection connection = connector.connect(contextName, progress, client -> {
            progress.accept("Looking for sensors left behind by an earlier session…");
            sweep.set(new OrphanSweeper(client, clock, settings).sweep());
        });
        return new SweptConnection(connection, sweep.get());
    }
}
