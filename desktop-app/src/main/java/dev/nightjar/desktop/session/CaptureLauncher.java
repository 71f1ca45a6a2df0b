package dev.nightjar.desktop.session;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.Enricher;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * From "capture on these nodes" to streams landing in a store: deploys the
 * sensors, waits until each pod runs or is in trouble, registers the shutdown
 * teardown, and opens a port-forward and stream per running pod. The live
 * {@link Enricher} starts first, so its informers list the cluster while the
 * sensors are being scheduled and pulled. Blocking: call
 * it off the UI thread. When no pod runs, everything created is removed again
 * and the reasons come back in the exception.
 */
public final class CaptureLauncher {

    /**
     * What a started capture holds on to until Stop.
     *
     * @param enricher names the capture's endpoints from live informers; its problems (a
     *                 resource the user may not watch) are worth a status line
     */
    public record Launched(SensorDeployment deployment, ClusterSensorSession session, ShutdownTeardown teardownOnExit,
                           List<String> notStreaming, Enricher enricher) implements LaunchedCapture {

        @Override
        public EndpointNamer namer() {
            return enricher;
        }

        @Override
        public ClusterSnapshot snapshot() {
            return enricher.snapshot();
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

    /** How long pods get to be scheduled, pull the image and start. */
    public static final Duration SETTLE = Duration.ofMinutes(3);
    private static final Duration TEARDOWN = Duration.ofSeconds(60);
    private static final Duration LEASE_CHECK = Duration.ofSeconds(5);
    /** How long the informers get for their first lists once the sensors run; names fill in later if not. */
    private static final Duration ENRICHER_SYNC = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration settle;

    public CaptureLauncher(KubernetesClient client, Clock clock) {
        this(client, clock, SETTLE);
    }

    CaptureLauncher(KubernetesClient client, Clock clock, Duration settle) {
        this.client = client;
        this.clock = clock;
        this.settle = settle;
    }

    /**
     * @param progress a line per step and per pod change, on this and informer threads
     * @param streamStates each node's stream state changes, on stream threads
     */
    public Launched launch(SessionPlan plan, CaptureStore store, SubscribeRequest request, Consumer<String> progress,
                           ClusterSensorSession.StateListener streamStates)
            throws SensorDeploymentException, InterruptedException {
        SensorDeployment deployment = new SensorDeployment(client, plan, clock, new DeploymentListener() {
            @Override
            public void onStep(String message) {
                progress.accept(message);
            }

            @Override
            public void onPodStatus(SensorPodStatus status) {
                progress.accept(status.node() + ": " + status.message());
            }
        });
        ShutdownTeardown onExit = ShutdownTeardown.register(deployment, TEARDOWN);
        Enricher enricher = Enricher.start(client);
        try {
            deployment.deploy();
            Map<String, SensorPodStatus> settled = deployment.awaitSettled(settle);
            List<String> notStreaming = new ArrayList<>();
            settled.values().stream().filter(s -> s.stage() != SensorPodStage.RUNNING)
                    .forEach(s -> notStreaming.add(s.node() + ": " + s.message()));
            if (deployment.runningSensors().isEmpty()) {
                throw new SensorDeploymentException("No sensor pod is running after " + settle.toSeconds()
                        + " s; removed what was created. " + String.join("; ", notStreaming), null);
            }
            ClusterSensorSession session = new ClusterSensorSession(client, deployment, store, request, streamStates,
                    clock, LEASE_CHECK);
            session.start();
            if (!enricher.awaitSynced(ENRICHER_SYNC)) {
                progress.accept("The cluster's pods and services are still loading; endpoint names will appear as they do.");
            }
            enricher.problems().forEach(progress);
            return new Launched(deployment, session, onExit, List.copyOf(notStreaming), enricher);
        } catch (SensorDeploymentException | InterruptedException | RuntimeException e) {
            enricher.close();
            deployment.stop(TEARDOWN);
            onExit.unregister();
            throw e;
        }
    }
}
