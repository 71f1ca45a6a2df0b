package dev.nightjar.desktop.session;

import static dev.nightjar.desktop.session.ClusterFixtures.node;
import static dev.nightjar.desktop.session.ClusterFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.MutableClock;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sensor pod refused by the API server for each real cause other than RBAC, as the API
 * server words it (mock server expectations on the pod create, CRUD for everything else):
 * the message names the cause and its fix, never the RBAC role.
 */
class CreateRejectionsTest {

    private static final String NS = NightjarLabels.NAMESPACE;
    private static final String PODS = "/api/v1/namespaces/" + NS + "/pods";

    private MockApiServer api;
    private final SessionId session = new SessionId("0123456789");

    @BeforeEach
    void startCluster() {
        api = new MockApiServer();
        api.simulator().nodes().resource(node("node-a")).create();
    }

    @AfterEach
    void stopCluster() {
        api.close();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> deployRejectedWith(int code, Status status) {
        api.server().expect().post().withPath(PODS).andReturn(code, status).once();
        SensorDeployment d = new SensorDeployment(api.client(),
                new SessionPlan(session, List.of("node-a"), PrivilegeMode.PRIVILEGED, SensorSettings.defaults()),
                new MutableClock(Instant.now()), new RecordingListener(), SessionToken.generate(new SecureRandom()));
        return assertThatThrownBy(d::deploy).isInstanceOf(SensorDeploymentException.class)
                .hasMessageNotContaining("packaging/rbac").hasMessageNotContaining("RBAC");
    }

    private String pod() {
        return SensorObjectNames.pod(session, "node-a");
    }

    @Test
    void anExceededQuotaNamesTheQuotaAndWhatWasAsked() {
        deployRejectedWith(403, status(403, "Forbidden", "pods \"" + pod() + "\" is forbidden: exceeded quota:"
                + " team-quota, requested: limits.memory=256Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi"))
                .hasMessageContaining("The ResourceQuota \"team-quota\" of namespace nightjar has no room for the sensor pod")
                .hasMessageContaining("requested: limits.memory=256Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi")
                .hasMessageContaining("kubectl describe resourcequota -n nightjar");
    }

    @Test
    void aQuotaThatDemandsAResourceTheSensorDoesNotSetSaysWhich() {
        deployRejectedWith(403, status(403, "Forbidden", "pods \"" + pod() + "\" is forbidden: failed quota:"
                + " storage-quota: must specify requests.ephemeral-storage"))
                .hasMessageContaining("The ResourceQuota \"storage-quota\"")
                .hasMessageContaining("must specify requests.ephemeral-storage");
    }

    @Test
    void aLimitRangeSaysWhichLimitTheSensorBreaks() {
        deployRejectedWith(403, status(403, "Forbidden", "pods \"" + pod() + "\" is forbidden: [maximum cpu usage per"
                + " Container is 200m, but limit is 500m, maximum memory usage per Container is 128Mi, but limit is 256Mi]"))
                .hasMessageContaining("A LimitRange in namespace nightjar refused the sensor pod")
                .hasMessageContaining("for its CPU or memory: maximum cpu usage per Container is 200m, but limit is 500m,"
                        + " maximum memory usage per Container is 128Mi, but limit is 256Mi.")
                .hasMessageContaining("kubectl get limitrange -n nightjar -o yaml");
    }

    @Test
    void aNamespaceBeingDeletedMeansWaitAndRetry() {
        Status terminating = new StatusBuilder(status(403, "Forbidden", "pods \"" + pod() + "\" is forbidden: unable to"
                + " create new content in namespace nightjar because it is being terminated"))
                .withNewDetails().withName(pod()).withKind("pods").addNewCause().withReason("NamespaceTerminating")
                .withMessage("namespace nightjar is being terminated").withField("metadata.namespace").endCause()
                .endDetails().build();
        deployRejectedWith(403, terminating)
                .hasMessageContaining("namespace nightjar is being deleted")
                .hasMessageContaining("Wait a few seconds, then start again");
    }

    @Test
    void autopilotsPolicyIsNamedWithAdviceThatCanWork() {
        deployRejectedWith(400, status(400, "BadRequest", "admission webhook \"warden-validating.common-webhooks"
                + ".networking.gke.io\" denied the request: GKE Warden rejected the request because it violates one or"
                + " more constraints. Violations details: {\"[denied by autogke-disallow-privilege]\":[\"container sensor"
                + " is privileged; not allowed in Autopilot\"]}"))
                .hasMessageContaining("GKE Autopilot refused the sensor pod")
                .hasMessageContaining("not allowed in Autopilot")
                .hasMessageContaining("Nightjar needs a GKE Standard cluster")
                .hasMessageNotContaining("kubectl label");
    }
}
