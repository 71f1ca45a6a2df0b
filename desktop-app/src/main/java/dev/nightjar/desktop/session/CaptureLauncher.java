package dev.nightjar.desktop.session;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.cluster.Enricher;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * From "capture on these nodes" to streams landing in a store: deploys the sensors,
 * registers the shutdown teardown, starts the session (which streams from every pod that
 * runs, now or later), and returns as soon as the first sensor streams, so the workbench
 * opens while slower nodes are still pulling. The live {@link Enricher} starts first, so
 * its informers list the cluster while the sensors are being scheduled and pulled.
 * Blocking: call it off the UI thread. When no pod runs within the settle time,
 * everything created is removed again and the reasons come back in the exception.
 */
public final class CaptureLauncher {

    /**
     * What a started capture holds on to until Stop.
     *
     * @param enricher names the capture's endpoints from live informers; its problems (a
     *                 resource the user may not watch) are worth a status line
     */
    public record Launched(SensorDeployment deployment, ClusterSensorSession session, ShutdownTeardown teardownOnExit,
                           List<String> notStreaming, Enricher enricher) implements StreamingSession {

        @Override
        public void redeploy(String node) throws SensorDeploymentException {
            session.redeploy(node);
        }

        /**
         * Stops the streams and the informers, removes the sensors and confirms; the
         * shutdown hook is no longer needed. The enricher keeps the names it last knew,
         * so the stopped capture still shows (and exports) them.
         */
        @Override
        public TeardownReport stop(Duration timeout) {
            try {
                TeardownReport report = session.stop(timeout);
                teardownOnExit.unregister();
                return report;
            } finally {
                enricher.close();
            }
        }
    }

    /** How long the first pod gets to be scheduled, pull the image and start. */
    public static final Duration SETTLE = Duration.ofMinutes(3);
    /** How long the informers get for their first lists once the sensors run; names fill in later if not. */
    private static final Duration ENRICHER_SYNC = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration settle;
    private final Duration leaseCheck;

    public CaptureLauncher(KubernetesClient client, Clock clock) {
        this(client, clock, SETTLE, SensorDeployment.LEASE_CHECK);
    }

    CaptureLauncher(KubernetesClient client, Clock clock, Duration settle) {
        this(client, clock, settle, SensorDeployment.LEASE_CHECK);
    }

    CaptureLauncher(KubernetesClient client, Clock clock, Duration settle, Duration leaseCheck) {
        this.client = client;
        this.clock = clock;
        this.settle = settle;
        this.leaseCheck = leaseCheck;
    }

    public Launched launch(SessionPlan plan, CaptureStore store, SubscribeRequest request, Consumer<String> progress,
                           ClusterSensorSession.StateListener streamStates)
            throws SensorDeploymentException, InterruptedException {
        return launch(plan, store, request, progress, streamStates, new LaunchBoard(plan.nodes(), clock));
    }

    /**
     * @param progress     a line per step and per pod change, on this and informer threads
     * @param streamStates each node's stream state changes, on stream threads
     * @param board        the launch table to fill in, from the first pod on
     */
    public Launched launch(SessionPlan plan, CaptureStore store, SubscribeRequest request, Consumer<String> progress,
                           ClusterSensorSession.StateListener streamStates, LaunchBoard board)
            throws SensorDeploymentException, InterruptedException {
        return launch(plan, store, request, progress, streamStates, board, SessionToken.generate());
    }

    /** @param token the session token (a test's sensors must know it) */
    Launched launch(SessionPlan plan, CaptureStore store, SubscribeRequest request, Consumer<String> progress,
                    ClusterSensorSession.StateListener streamStates, LaunchBoard board, SessionToken token)
            throws SensorDeploymentException, InterruptedException {
        SensorDeployment deployment = new SensorDeployment(client, plan, clock, new DeploymentListener() {
            @Override
            public void onStep(String message) {
                progress.accept(message);
            }

            @Override
            public void onPodStatus(SensorPodStatus status) {
                board.onPodStatus(status);
                progress.accept(status.node() + ": " + status.message());
            }
        }, token, leaseCheck);
        ShutdownTeardown onExit = ShutdownTeardown.register(deployment, SensorDeployment.TEARDOWN);
        Enricher enricher = Enricher.start(client);
        ClusterSensorSession session = null;
        try {
            deployment.deploy();
            session = new ClusterSensorSession(client, deployment, store, request, streamStates, clock, board);
            session.start();
            if (!deployment.awaitFirstRunning(settle) || !session.awaitFirstNode(settle)) {
                List<String> why = session.notStreaming();
                throw new SensorDeploymentException("No sensor pod is running after " + settle.toSeconds()
                        + " s; removed what was created. " + String.join("; ", why), null);
            }
            if (!enricher.awaitSynced(ENRICHER_SYNC)) {
                progress.accept("The cluster's pods and services are still loading; endpoint names will appear as they do.");
            }
            enricher.problems().forEach(progress);
            return new Launched(deployment, session, onExit, session.notStreaming(), enricher);
        } catch (SensorDeploymentException | InterruptedException | RuntimeException e) {
            enricher.close();
            if (session != null) {
                session.close();
            }
            deployment.stop(SensorDeployment.TEARDOWN);
            onExit.unregister();
            throw e;
        }
    }

}
