package dev.nightjar.desktop.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a {@link ClusterSensorSession}'s sensors come from: pods this desktop deployed
 * ({@link SensorDeployment}) or the pods of a platform team's DaemonSet it attaches to
 * ({@code AttachedSensors}). The session streams from every pod that runs, joins pods that
 * start running later, and notices pods that end.
 */
public interface SensorSource {

    /** The namespace the sensor pods live in. */
    String namespace();

    /** The token the sensors demand on every stream. */
    SessionToken token();

    /** Each node's pod status now, in the session's node order. */
    Map<String, SensorPodStatus> status();

    /** Told every change of a node's pod status, on informer or polling threads. */
    void addPodListener(Consumer<SensorPodStatus> listener);

    /** The pods that run now. */
    List<SensorEndpoint> runningSensors();

    /** Whether {@link #redeploy(String)} can give a node a new pod. */
    boolean canRedeploy();

    /** Gives a node whose sensor ended a new pod; blocking. */
    void redeploy(String node) throws SensorDeploymentException;

    /**
     * The stream to {@code node}'s sensor broke: look at its pod now rather than at the next
     * regular look, to tell a sensor that is gone from a broken port-forward. Deployments
     * watch their pods already and do nothing here.
     */
    default void streamBroke(String node) {
    }

    /** Ends the source: a deployment removes its objects; an attachment only stops looking. Blocking. */
    TeardownReport end(Duration timeout);
}
