package dev.nightjar.desktop.session;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.cluster.Enricher;
import dev.nightjar.desktop.stream.TokenFiles;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Attach mode's counterpart of {@link CaptureLauncher}: reads the token the platform team
 * handed out, finds the installed sensors on the chosen nodes, and streams from every one that
 * runs, into the same store, the same views, the same bundles. Stop only stops streaming.
 * Blocking: call it off the UI thread.
 */
public final class AttachLauncher {

    /** An attached capture until Stop. */
    public record Attached(AttachedSensors sensors, ClusterSensorSession session, List<String> notStreaming,
                           Enricher enricher) implements StreamingSession {

        @Override
        public TeardownReport stop(Duration timeout) {
            try {
                return session.stop(timeout);
            } finally {
                enricher.close();
            }
        }
    }

    private static final Duration FIRST_STREAM = Duration.ofSeconds(30);
    private static final Duration ENRICHER_SYNC = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration lookEvery;

    public AttachLauncher(KubernetesClient client, Clock clock) {
        this(client, clock, AttachedSensors.LOOK_EVERY);
    }

    AttachLauncher(KubernetesClient client, Clock clock, Duration lookEvery) {
        this.client = client;
        this.clock = clock;
        this.lookEvery = lookEvery;
    }

    public Attached attach(List<String> nodes, AttachSettings settings, CaptureStore store, SubscribeRequest request,
                           Consumer<String> progress, ClusterSensorSession.StateListener streamStates,
                           LaunchBoard board) throws SensorDeploymentException, InterruptedException {
        SessionToken token = readToken(settings);
        progress.accept("Looking for installed sensors in namespace " + settings.namespace());
        AttachedSensors sensors;
        try {
            sensors = new AttachedSensors(client, settings, nodes, token, lookEvery);
        } catch (KubernetesClientException e) {
            throw new SensorDeploymentException("Cannot list the installed sensors in namespace " + settings.namespace()
                    + " (" + (e.getCode() > 0 ? e.getCode() + ": " : "") + SensorTeardown.messageOf(e) + "). Attach"
                    + " mode needs list and get on pods and get/create on pods/portforward there"
                    + " (packaging/kubernetes/nightjar-attach.yaml, Role nightjar-attach).", e);
        }
        Enricher enricher = Enricher.start(client);
        ClusterSensorSession session = new ClusterSensorSession(client, sensors, store, request, streamStates, clock,
                board);
        try {
            session.start();
            if (!session.awaitFirstNode(FIRST_STREAM)) {
                throw new SensorDeploymentException("No installed sensor to attach to on the chosen nodes: "
                        + String.join("; ", session.notStreaming()), null);
            }
            if (!enricher.awaitSynced(ENRICHER_SYNC)) {
                progress.accept("The cluster's pods and services are still loading; endpoint names will appear as they do.");
            }
            enricher.problems().forEach(progress);
            return new Attached(sensors, session, session.notStreaming(), enricher);
        } catch (SensorDeploymentException | InterruptedException | RuntimeException e) {
            session.stop(Duration.ofSeconds(1));
            enricher.close();
            throw e;
        }
    }

    private static SessionToken readToken(AttachSettings settings) throws SensorDeploymentException {
        if (settings.tokenFile().isEmpty()) {
            throw new SensorDeploymentException("Attach mode needs the sensors' token: the platform team that installed"
                    + " them gives it out (the Secret nightjar-attach-token in namespace " + settings.namespace()
                    + "). Save it in a file and choose that file in the session settings.", null);
        }
        try {
            return SessionToken.of(TokenFiles.read(Path.of(settings.tokenFile())));
        } catch (IOException | RuntimeException e) {
            throw new SensorDeploymentException("Cannot read the attach token from " + settings.tokenFile() + ": "
                    + e.getMessage(), e);
        }
    }
}
