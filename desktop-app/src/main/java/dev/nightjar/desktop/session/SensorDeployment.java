package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.ApiFailures;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One session's sensor pods in one cluster: {@link #deploy()} creates them,
 * {@link #awaitSettled(Duration)} follows them until they run (or cannot), the lease is
 * kept alive from the moment the session's Secret exists, {@link #redeploy(String)} gives a
 * node whose sensor ended a new pod, and {@link #stop(Duration)} removes every object it
 * created within one deadline.
 *
 * <p>A pod the API server refuses for one node (a webhook, a quota) leaves that node
 * {@code REJECTED} and the others going; a refusal that applies to every pod (RBAC, Pod
 * Security, an invalid spec) stops the deployment, which then removes what it had created
 * before it reports the failure.
 *
 * <p>Thread-safety: deploy, redeploy and stop are synchronized; the listeners are also
 * called from informer threads and the lease thread.
 */
public final class SensorDeployment implements SensorSource {

    /** How long Stop, a rollback and the shutdown hook may take, retries included. */
    public static final Duration TEARDOWN = Duration.ofSeconds(20);
    /** How often the lease thread wakes up to see whether the lease is due. */
    public static final Duration LEASE_CHECK = Duration.ofSeconds(5);
    /** A terminating namespace (a Stop a moment ago) gets this long to go before a deploy gives up. */
    private static final Duration NAMESPACE_WAIT = Duration.ofSeconds(60);
    private static final Duration NODE_CHECK_TIMEOUT = Duration.ofSeconds(20);
    /** How often waiting pods' nodes are looked at again for NotReady. */
    private static final Duration NODE_RECHECK = Duration.ofSeconds(15);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARALLEL_CREATES = 8;

    private final KubernetesClient client;
    private final SessionPlan plan;
    private final DeploymentListener listener;
    private final Clock clock;
    private final ServerClock serverClock;
    private final SessionLease lease;
    private final PodProgressTracker tracker;
    private final SessionNamespace namespace;
    private final SessionToken token;
    private final Duration leaseCheck;
    /** Every pod this deployment created, old generations too: what Stop removes. */
    private final Set<String> createdPods = new LinkedHashSet<>();
    /** The pod objects of each node's current generation: the Secret's owners. */
    private final Map<String, Pod> currentPods = new LinkedHashMap<>();
    private final Map<String, Integer> generations = new HashMap<>();
    private String createdSecret;
    private boolean createdNamespace;
    private SessionTimer timer;
    private long lastNodeCheck;
    private boolean deployed;
    private TeardownReport teardown;

    public SensorDeployment(KubernetesClient client, SessionPlan plan, Clock clock, DeploymentListener listener) {
        this(client, plan, clock, listener, SessionToken.generate(), LEASE_CHECK);
    }

    SensorDeployment(KubernetesClient client, SessionPlan plan, Clock clock, DeploymentListener listener,
                     SessionToken token) {
        this(client, plan, clock, listener, token, LEASE_CHECK);
    }

    /** @param leaseCheck how often the lease thread looks whether the lease is due (seconds; tests go faster) */
    SensorDeployment(KubernetesClient client, SessionPlan plan, Clock clock, DeploymentListener listener,
                     SessionToken token, Duration leaseCheck) {
        this.client = client;
        this.plan = plan;
        this.listener = listener;
        this.clock = clock;
        this.serverClock = new ServerClock(clock);
        this.lease = new SessionLease(client, plan.namespace(), SensorObjectNames.secret(plan.id()), plan.settings(),
                clock, serverClock);
        this.tracker = new PodProgressTracker(plan, listener);
        this.namespace = new SessionNamespace(client, plan.namespace(), serverClock, listener);
        this.token = token;
        this.leaseCheck = leaseCheck;
    }

    public SessionPlan plan() {
        return plan;
    }

    @Override
    public String namespace() {
        return plan.namespace();
    }

    /** The session token the sensors demand; the stream client sends it. */
    @Override
    public SessionToken token() {
        return token;
    }

    /** The session's lease (the scale bench times a renewal). */
    SessionLease lease() {
        return lease;
    }

    /** The API server's time as this deployment knows it (leases are written in it). */
    public ServerClock serverClock() {
        return serverClock;
    }

    /**
     * Creates the namespace (if absent), the token Secret (the session's lease) and one pod
     * per node, then starts following the pods. The lease is renewed from the moment the
     * Secret exists. On a failure that concerns the whole session, removes what it created
     * and throws with a message for the user.
     */
    public synchronized void deploy() throws SensorDeploymentException, InterruptedException {
        if (deployed || teardown != null) {
            throw new IllegalStateException("A SensorDeployment deploys once.");
        }
        deployed = true;
        String ns = plan.namespace();
        String step = "checking the chosen nodes";
        try {
            serverClock.probe(client);
            checkNodes();
            step = "looking up namespace " + ns;
            createdNamespace = namespace.prepare(plan.id(), NAMESPACE_WAIT);
            step = "creating the session token secret";
            createSecret(SensorTokenSecret.build(plan.id(), ns, token, lease.start()));
            timer = new SessionTimer(leaseCheck, this::tick);
            step = "starting to watch the sensor pods";
            tracker.start(client, ns, plan.id());
            step = "creating the sensor pods";
            createPods();
            step = "making the token secret owned by the sensor pods";
            giveSecretToPods();
            listener.onStep("Waiting for the sensor pods to start");
        } catch (SensorDeploymentException | RuntimeException | ExecutionException | TimeoutException e) {
            String cleanup = rollBack();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String message = switch (cause) {
                case SensorDeploymentException known -> known.getMessage();
                case KubernetesClientException api -> ApiFailures.explain(api, step);
                case TimeoutException slow -> "The API server did not answer in time while " + step + ".";
                default -> "Deploying the sensor failed while " + step + ": " + cause.getMessage();
            };
            throw new SensorDeploymentException(message + " " + cleanup, cause);
        }
    }

    /** Waits until every pod runs or is in trouble, or the timeout passes; each node's status in the plan's order. */
    public Map<String, SensorPodStatus> awaitSettled(Duration timeout) throws InterruptedException {
        return tracker.awaitSettled(timeout);
    }

    /**
     * Waits until some pod runs, or every pod is in trouble, or the timeout passes.
     *
     * @return true if a pod runs
     */
    public boolean awaitFirstRunning(Duration timeout) throws InterruptedException {
        tracker.awaitUntil(all -> all.values().stream().anyMatch(s -> s.stage() == SensorPodStage.RUNNING)
                || all.values().stream().allMatch(s -> s.stage().isProblem()), timeout);
        return !runningSensors().isEmpty();
    }

    /** Each node's pod status now. */
    @Override
    public Map<String, SensorPodStatus> status() {
        return tracker.statusByNode();
    }

    @Override
    public void addPodListener(Consumer<SensorPodStatus> podListener) {
        tracker.addListener(new DeploymentListener() {
            @Override
            public void onStep(String message) {
            }

            @Override
            public void onPodStatus(SensorPodStatus status) {
                podListener.accept(status);
            }
        });
    }

    /** The pods that run now: what a port-forward connects to. */
    @Override
    public List<SensorEndpoint> runningSensors() {
        return tracker.statusByNode().values().stream()
                .filter(s -> s.stage() == SensorPodStage.RUNNING)
                .map(s -> new SensorEndpoint(s.node(), plan.namespace(), s.pod(), SensorPodSpec.LISTEN_PORT))
                .toList();
    }

    @Override
    public boolean canRedeploy() {
        return true;
    }

    /**
     * Renews the lease if the renewal interval has passed on the clock. The deployment's own
     * lease thread calls this every few seconds from the moment the Secret exists.
     *
     * @return true if it tried (a failure is reported to the listener and retried at the next check)
     */
    public boolean renewLeaseIfDue() {
        synchronized (this) {
            if (teardown != null || createdSecret == null || !lease.isDue()) {
                return false;
            }
        }
        lease.renew().ifPresent(problem -> listener.onStep("Could not renew the lease: " + problem
                + ". Retrying every " + leaseCheck.toSeconds() + " s."));
        return true;
    }

    private void tick() {
        renewLeaseIfDue();
        // Stop interrupts this thread, possibly while it waited for Stop's lock above: then it
        // must not start a node check that runs on to its own 20 s deadline after the session ended.
        if (Thread.currentThread().isInterrupted() || ending()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNodeCheck > NODE_RECHECK.toNanos()) {
            lastNodeCheck = now;
            recheckWaitingNodes();
        }
    }

    /**
     * Gives {@code node} a new sensor pod: the old one (ended, or gone) is deleted without
     * waiting, a new generation is created and followed, and the Secret is given the new pod as
     * an owner. Blocking; call it off the UI thread.
     */
    @Override
    public synchronized void redeploy(String node) throws SensorDeploymentException {
        if (teardown != null || !deployed) {
            throw new IllegalStateException("Only a running session redeploys.");
        }
        if (!plan.nodes().contains(node)) {
            throw new IllegalArgumentException(node + " is not a node of this session.");
        }
        int generation = generations.merge(node, 1, Integer::sum) + 1;
        String podName = SensorObjectNames.pod(plan.id(), node, generation);
        Optional<String> old = tracker.currentPod(node);
        listener.onStep("Redeploying the sensor on " + node + " as pod " + podName);
        tracker.track(node, podName);
        currentPods.remove(node);
        old.ifPresent(this::deleteQuietly);
        try {
            ensureSecret();
            Pod created = client.pods().inNamespace(plan.namespace())
                    .resource(SensorPodSpec.build(plan, node, podName)).create();
            createdPods.add(podName);
            currentPods.put(node, created);
            giveSecretToPods();
        } catch (KubernetesClientException e) {
            String why = CreateRejections.explain(e, "sensor pod " + podName + " for node " + node, plan.namespace());
            tracker.rejected(node, why);
            throw new SensorDeploymentException(why, e);
        }
    }

    /**
     * Removes the pods, the Secret and (if this session was the last to use a namespace
     * Nightjar created, and it is empty) the namespace, confirming each within {@code timeout}
     * (retries included). Idempotent: a second call returns the first report.
     */
    public synchronized TeardownReport stop(Duration timeout) {
        if (teardown == null) {
            tracker.quiet();
            if (timer != null) {
                timer.close();
            }
            teardown = new SensorTeardown(client, listener, namespace).run(target(), timeout);
            closeInBackground(tracker);
        }
        return teardown;
    }

    @Override
    public TeardownReport end(Duration timeout) {
        return stop(timeout);
    }

    /**
     * Stops the lease thread and the watches and removes nothing: what a desktop that
     * crashed or lost the network leaves behind. For tests of the orphan sweep.
     */
    synchronized void abandon() {
        tracker.quiet();
        if (timer != null) {
            timer.close();
        }
        closeInBackground(tracker);
    }

    public synchronized boolean isStopped() {
        return teardown != null;
    }

    /** What Stop removes, and how to say it in kubectl. */
    private SensorTeardown.Target target() {
        return new SensorTeardown.Target(plan.namespace(), plan.id(), List.copyOf(createdPods), createdSecret,
                true, plan.kubeContext());
    }

    private void checkNodes() throws SensorDeploymentException, InterruptedException, ExecutionException,
            TimeoutException {
        NodeReadiness.Result nodes = NodeReadiness.check(client, plan.nodes(), NODE_CHECK_TIMEOUT);
        if (!nodes.missing().isEmpty()) {
            throw new SensorDeploymentException("Node " + String.join(", ", nodes.missing())
                    + (nodes.missing().size() == 1 ? " no longer exists" : " no longer exist")
                    + " in the cluster. Refresh the node list and choose again.", null);
        }
        nodes.notReady().forEach(tracker::nodeReadiness);
    }

    private synchronized boolean ending() {
        return teardown != null;
    }

    private void recheckWaitingNodes() {
        List<String> waiting = tracker.statusByNode().values().stream()
                .filter(s -> !s.stage().isSettled() || s.stage() == SensorPodStage.NODE_NOT_READY)
                .map(SensorPodStatus::node).toList();
        if (waiting.isEmpty()) {
            return;
        }
        try {
            NodeReadiness.check(client, waiting, NODE_CHECK_TIMEOUT).notReady().forEach(tracker::nodeReadiness);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the next check tries again; the pods' own statuses still arrive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createSecret(Secret secret) throws SensorDeploymentException {
        listener.onStep("Creating the session token secret (it holds the session's lease)");
        try {
            client.secrets().inNamespace(plan.namespace()).resource(secret).create();
            createdSecret = secret.getMetadata().getName();
        } catch (KubernetesClientException e) {
            throw new SensorDeploymentException(CreateRejections.explain(e,
                    "token secret " + secret.getMetadata().getName(), plan.namespace()), e);
        }
    }

    /** A redeploy after the Secret went (its owners all deleted): put it back with a fresh lease. */
    private void ensureSecret() {
        if (client.secrets().inNamespace(plan.namespace()).withName(createdSecret).get() == null) {
            listener.onStep("The session's token secret was gone; creating it again");
            client.secrets().inNamespace(plan.namespace())
                    .resource(SensorTokenSecret.build(plan.id(), plan.namespace(), token, lease.start())).create();
        }
    }

    /**
     * Creates every node's pod, several at a time. A refusal that applies to every pod stops
     * at once; one that concerns a node leaves that node REJECTED.
     */
    private void createPods() throws SensorDeploymentException, InterruptedException {
        Map<String, Future<Pod>> pending = new LinkedHashMap<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        try (BoundedCalls calls = new BoundedCalls(System.nanoTime() + CREATE_TIMEOUT.toNanos(), PARALLEL_CREATES,
                "nightjar-pod-create")) {
            for (String node : plan.nodes()) {
                Pod pod = SensorPodSpec.build(plan, node);
                pending.put(node, calls.submit(() -> {
                    listener.onStep("Creating the sensor pod on " + node);
                    return client.pods().inNamespace(plan.namespace()).resource(pod).create();
                }));
            }
            SensorDeploymentException sessionWide = null;
            for (var e : pending.entrySet()) {
                String node = e.getKey();
                String podName = SensorObjectNames.pod(plan.id(), node);
                try {
                    Pod created = calls.await(e.getValue());
                    createdPods.add(created.getMetadata().getName());
                    currentPods.put(node, created);
                } catch (ExecutionException failure) {
                    KubernetesClientException api = failure.getCause() instanceof KubernetesClientException k ? k
                            : new KubernetesClientException(String.valueOf(failure.getCause().getMessage()),
                                    failure.getCause());
                    String why = CreateRejections.explain(api, "sensor pod " + podName + " for node " + node,
                            plan.namespace());
                    if (RejectionScope.sessionWide(api) && sessionWide == null) {
                        sessionWide = new SensorDeploymentException(why, api);
                    }
                    rejected.put(node, why);
                } catch (TimeoutException slow) {
                    rejected.put(node, "the API server did not answer the create of pod " + podName + " within "
                            + CREATE_TIMEOUT.toSeconds() + " s");
                }
            }
            if (sessionWide != null) {
                throw sessionWide;
            }
        }
        rejected.forEach((node, why) -> listener.onStep("Node " + node + " left out: " + why));
        rejected.forEach(tracker::rejected);
        if (currentPods.isEmpty()) {
            throw new SensorDeploymentException("No sensor pod could be created: " + String.join("; ",
                    rejected.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()), null);
        }
    }

    /**
     * Sets the Secret's owners to the current pods. A JSON Patch "add" of the whole list
     * replaces it whether or not it was there: after a redeploy the old pod is no longer an
     * owner, and no API server (or mock) merges the lists.
     */
    private void giveSecretToPods() {
        List<OwnerReference> owners = SecretOwnership.ownerReferences(new ArrayList<>(currentPods.values()));
        String patch = "[{\"op\":\"add\",\"path\":\"/metadata/ownerReferences\",\"value\":"
                + Serialization.asJson(owners) + "}]";
        client.secrets().inNamespace(plan.namespace()).withName(createdSecret)
                .patch(PatchContext.of(PatchType.JSON), patch);
    }

    private void deleteQuietly(String pod) {
        try {
            client.pods().inNamespace(plan.namespace()).withName(pod).delete();
        } catch (KubernetesClientException e) {
            // gone already, or Stop removes it with the rest
        }
    }

    private String rollBack() {
        tracker.quiet();
        if (timer != null) {
            timer.close();
        }
        closeInBackground(tracker);
        if (createdPods.isEmpty() && createdSecret == null && !createdNamespace) {
            return "Nothing was left in the cluster.";
        }
        teardown = new SensorTeardown(client, listener, namespace).run(target(), TEARDOWN);
        return teardown.complete()
                ? "Nightjar removed what it had created."
                : "Nightjar could not remove everything it created: " + teardown.leftBehind()
                        + ". Remove it with: " + String.join(" ; ", teardown.commands());
    }

    /** Informers against a server that does not answer may take their time to close; nobody waits for them. */
    private static void closeInBackground(AutoCloseable closeable) {
        Thread.ofVirtual().name("nightjar-informer-close").start(() -> {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing left to release that matters
            }
        });
    }
}
