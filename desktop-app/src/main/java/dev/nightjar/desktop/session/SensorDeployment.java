package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.ApiFailures;
import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One session's sensor pods in one cluster: {@link #deploy()} creates them,
 * {@link #awaitSettled(Duration)} follows them until they run (or cannot),
 * {@link #renewLeaseIfDue()} keeps the lease alive, and {@link #stop(Duration)} removes
 * every object it created. If deploy fails half way, it removes what it had created
 * before it reports the failure.
 *
 * <p>Thread-safety: deploy and stop are meant for one caller thread (the session);
 * the listener is also called from informer threads.
 */
public final class SensorDeployment {

    private static final String NS = NightjarLabels.NAMESPACE;

    private final KubernetesClient client;
    private final SessionPlan plan;
    private final DeploymentListener listener;
    private final LeaseRenewer lease;
    private final PodProgressTracker tracker;
    private final SessionToken token;
    private final List<String> createdPods = new ArrayList<>();
    private String createdSecret;
    private boolean createdNamespace;
    private boolean deployed;
    private TeardownReport teardown;

    public SensorDeployment(KubernetesClient client, SessionPlan plan, Clock clock, DeploymentListener listener) {
        this(client, plan, clock, listener, SessionToken.generate());
    }

    SensorDeployment(KubernetesClient client, SessionPlan plan, Clock clock, DeploymentListener listener,
                     SessionToken token) {
        this.client = client;
        this.plan = plan;
        this.listener = listener;
        this.lease = new LeaseRenewer(client, plan.settings(), clock);
        this.tracker = new PodProgressTracker(plan, listener);
        this.token = token;
    }

    public SessionPlan plan() {
        return plan;
    }

    /** The session token the sensors demand; the stream client sends it. */
    public SessionToken token() {
        return token;
    }

    /**
     * Creates the namespace (if absent), the token Secret and one pod per node, then
     * starts following the pods. On failure, removes what it created and throws with a
     * message for the user.
     */
    public synchronized void deploy() throws SensorDeploymentException {
        if (deployed || teardown != null) {
            throw new IllegalStateException("A SensorDeployment deploys once.");
        }
        deployed = true;
        SensorManifest manifest = SensorManifest.of(plan, token, lease.start());
        String step = "checking the chosen nodes";
        try {
            checkNodesExist();
            step = "looking up namespace " + NS;
            ensureNamespace(manifest.namespace());
            createSecret(manifest.secret());
            List<Pod> pods = new ArrayList<>();
            for (Pod pod : manifest.pods()) {
                pods.add(createPod(pod));
            }
            step = "making the token secret owned by the sensor pods";
            giveSecretToPods(pods);
            step = "starting to watch the sensor pods";
            listener.onStep("Waiting for the sensor pods to start");
            tracker.start(client, plan.id());
        } catch (SensorDeploymentException | RuntimeException e) {
            String cleanup = rollBack();
            String message = switch (e) {
                case SensorDeploymentException known -> known.getMessage();
                case KubernetesClientException api -> ApiFailures.explain(api, step);
                default -> "Deploying the sensor failed while " + step + ": " + e.getMessage();
            };
            throw new SensorDeploymentException(message + " " + cleanup, e);
        }
    }

    /**
     * Waits until every pod runs or is in trouble, or the timeout passes.
     *
     * @return each node's pod status, in the plan's node order
     */
    public Map<String, SensorPodStatus> awaitSettled(Duration timeout) throws InterruptedException {
        return tracker.awaitSettled(timeout);
    }

    /** Each node's pod status now. */
    public Map<String, SensorPodStatus> status() {
        return tracker.statusByNode();
    }

    /** The pods that run now: what a port-forward connects to. */
    public List<SensorEndpoint> runningSensors() {
        return tracker.statusByNode().values().stream()
                .filter(s -> s.stage() == SensorPodStage.RUNNING)
                .map(s -> new SensorEndpoint(s.node(), NS, s.pod(), SensorPodSpec.LISTEN_PORT))
                .toList();
    }

    /**
     * Renews the lease if the renewal interval has passed on the clock. The session
     * calls this periodically while connected (e.g. every few seconds).
     *
     * @return true if it renewed
     */
    public synchronized boolean renewLeaseIfDue() {
        if (teardown != null || createdPods.isEmpty() || !lease.isDue()) {
            return false;
        }
        List<String> failed = lease.renew(createdPods, createdSecret);
        if (!failed.isEmpty()) {
            listener.onStep("Could not renew the lease on " + failed);
        }
        return true;
    }

    /**
     * Removes the pods, the Secret and (if this deployment created it and it is empty)
     * the namespace, and waits up to {@code timeout} to confirm. Idempotent: a second
     * call returns the first report.
     */
    public synchronized TeardownReport stop(Duration timeout) {
        if (teardown == null) {
            tracker.quiet();
            listener.onStep("Stopping: removing the sensor from the cluster");
            try {
                teardown = new SensorTeardown(client, listener).run(List.copyOf(createdPods), createdSecret,
                        createdNamespace, timeout);
            } finally {
                tracker.close();
            }
        }
        return teardown;
    }

    public synchronized boolean isStopped() {
        return teardown != null;
    }

    private void checkNodesExist() throws SensorDeploymentException {
        for (String node : plan.nodes()) {
            if (client.nodes().withName(node).get() == null) {
                throw new SensorDeploymentException("Node " + node + " no longer exists in the cluster."
                        + " Refresh the node list and choose again.");
            }
        }
    }

    private void ensureNamespace(Namespace wanted) throws SensorDeploymentException {
        Namespace existing = client.namespaces().withName(NS).get();
        if (existing != null) {
            warnIfPodSecurityTooStrict(existing);
            return;
        }
        listener.onStep("Creating namespace " + NS);
        try {
            client.namespaces().resource(wanted).create();
            createdNamespace = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: another desktop created it a moment ago; use it, it is not ours
                throw new SensorDeploymentException(CreateRejections.explain(e, "namespace " + NS), e);
            }
        }
    }

    private void warnIfPodSecurityTooStrict(Namespace ns) {
        String level = ns.getMetadata().getLabels() == null ? null
                : ns.getMetadata().getLabels().get(NightjarLabels.PSA_ENFORCE);
        if (level != null && !"privileged".equals(level)) {
            listener.onStep("Namespace " + NS + " enforces Pod Security level \"" + level
                    + "\"; the sensor needs \"privileged\" and may be rejected. Fix: " + CreateRejections.PSA_LABEL_COMMAND);
        }
    }

    private void createSecret(Secret secret) throws SensorDeploymentException {
        listener.onStep("Creating the session token secret");
        try {
            client.secrets().inNamespace(NS).resource(secret).create();
            createdSecret = secret.getMetadata().getName();
        } catch (KubernetesClientException e) {
            throw new SensorDeploymentException(CreateRejections.explain(e,
                    "token secret " + secret.getMetadata().getName()), e);
        }
    }

    private Pod createPod(Pod pod) throws SensorDeploymentException {
        String node = pod.getSpec().getNodeName();
        listener.onStep("Creating the sensor pod on " + node);
        try {
            Pod created = client.pods().inNamespace(NS).resource(pod).create();
            createdPods.add(created.getMetadata().getName());
            return created;
        } catch (KubernetesClientException e) {
            throw new SensorDeploymentException(CreateRejections.explain(e,
                    "sensor pod " + pod.getMetadata().getName() + " for node " + node), e);
        }
    }

    private void giveSecretToPods(List<Pod> pods) {
        List<OwnerReference> owners = SecretOwnership.ownerReferences(pods);
        String patch = "{\"metadata\":{\"ownerReferences\":" + Serialization.asJson(owners) + "}}";
        client.secrets().inNamespace(NS).withName(createdSecret).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private String rollBack() {
        tracker.close();
        if (createdPods.isEmpty() && createdSecret == null && !createdNamespace) {
            return "Nothing was left in the cluster.";
        }
        teardown = new SensorTeardown(client, listener).run(List.copyOf(createdPods), createdSecret,
                createdNamespace, Duration.ofSeconds(30));
        return teardown.complete()
                ? "Nightjar removed what it had created."
                : "Nightjar could not remove everything it created: " + teardown.leftBehind();
    }
}
