package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A cluster capture that is streaming: what the workbench needs of it until Stop. */
public interface LaunchedCapture {

    /** Names the capture's endpoints from the cluster (live informers while it runs). */
    EndpointNamer namer();

    /** The cluster as the capture last saw it: for the drop explainer and for export. */
    ClusterSnapshot snapshot();

    /** One line per chosen node whose sensor does not stream, with the reason; empty when all do. */
    List<String> notStreaming();

    /** Stops the streams and removes the sensors, waiting at most {@code timeout}; blocking. */
    TeardownReport stop(Duration timeout);

    /** The launch table of this capture: every node's step and why; empty for a capture without one. */
    default Optional<LaunchBoard> board() {
        return Optional.empty();
    }

    /**
     * Asks {@code node}'s sensor for {@code next} from now on, leaving the other nodes' as they
     * are; blocking, call it off the UI thread.
     *
     * @return what was done, in words
     */
    default String retarget(String node, SubscribeRequest next) {
        throw new UnsupportedOperationException("This capture cannot change what its sensors trace.");
    }

    /** Gives a node whose sensor ended a new pod; blocking, call it off the UI thread. */
    default void redeploy(String node) throws SensorDeploymentException {
        throw new UnsupportedOperationException("This capture cannot redeploy a sensor.");
    }
}
