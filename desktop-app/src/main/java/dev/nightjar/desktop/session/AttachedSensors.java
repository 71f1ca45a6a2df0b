package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Attach mode's sensors: the pods of the platform team's DaemonSet (packaging/kubernetes/)
 * on the chosen nodes, found by label. Nothing is created, renewed or deleted, so the rights
 * needed are {@code list} and {@code get} on pods and {@code pods/portforward} in the
 * DaemonSet's namespace. The pods are listed every few seconds (a list, not a watch: the
 * minimal role has no {@code watch}); a pod whose stream broke is looked at at once with a
 * {@code get}. A DaemonSet pod replaced by a new one (a rollout, a node reboot) is joined
 * under its new name.
 */
public final class AttachedSensors implements SensorSource {

    /** The label selector of attach mode's sensor pods. */
    public static final Map<String, String> SELECTOR = Map.of(NightjarLabels.NAME, NightjarLabels.SENSOR_NAME,
            SessionLabels.MODE, SessionLabels.ATTACH_VALUE);
    public static final Duration LOOK_EVERY = Duration.ofSeconds(5);
    private static final Duration GET_AT_MOST_EVERY = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final String namespace;
    private final List<String> nodes;
    private final SessionToken token;
    private final Map<String, SensorPodStatus> statusByNode = new ConcurrentHashMap<>();
    private final Map<String, Long> lastGet = new ConcurrentHashMap<>();
    private final List<Consumer<SensorPodStatus>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nightjar-attach-look");
        t.setDaemon(true);
        return t;
    });

    /**
     * Lists the sensors once (so {@link #status()} is known at once), then keeps looking.
     *
     * @throws KubernetesClientException when even the first list is refused
     */
    public AttachedSensors(KubernetesClient client, AttachSettings settings, List<String> nodes, SessionToken token,
                           Duration lookEvery) {
        this.client = client;
        this.namespace = settings.namespace();
        this.nodes = List.copyOf(nodes);
        this.token = token;
        look();
        looker.scheduleWithFixedDelay(this::lookQuietly, lookEvery.toMillis(), lookEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public SessionToken token() {
        return token;
    }

    @Override
    public Map<String, SensorPodStatus> status() {
        Map<String, SensorPodStatus> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.put(n, statusByNode.get(n)));
        return out;
    }

    @Override
    public void addPodListener(Consumer<SensorPodStatus> listener) {
        listeners.add(listener);
    }

    @Override
    public List<SensorEndpoint> runningSensors() {
        return status().values().stream().filter(s -> s != null && s.stage() == SensorPodStage.RUNNING)
                .map(s -> new SensorEndpoint(s.node(), namespace, s.pod(), SensorPodSpec.LISTEN_PORT)).toList();
    }

    @Override
    public boolean canRedeploy() {
        return false;
    }

    @Override
    public void redeploy(String node) throws SensorDeploymentException {
        throw new SensorDeploymentException("Attach mode does not deploy: the sensors on this cluster belong to the"
                + " DaemonSet in namespace " + namespace + ", which restarts them itself.", null);
    }

    @Override
    public void streamBroke(String node) {
        long now = System.nanoTime();
        Long last = lastGet.get(node);
        SensorPodStatus s = statusByNode.get(node);
        if (s == null || s.pod().isEmpty() || last != null && now - last < GET_AT_MOST_EVERY.toNanos()) {
            return;
        }
        lastGet.put(node, now);
        looker.execute(() -> {
            try {
                Pod pod = client.pods().inNamespace(namespace).withName(s.pod()).get();
                publish(pod == null ? PodStatusInterpreter.interpret(node, s.pod(), null, Optional.empty())
                        : PodStatusInterpreter.interpret(node, s.pod(), pod, Optional.empty()));
            } catch (KubernetesClientException e) {
                // the API server may be what broke; the regular look tries again
            }
        });
    }

    /** Stops looking; nothing in the cluster changes. */
    @Override
    public TeardownReport end(Duration timeout) {
        looker.shutdownNow();
        return new TeardownReport(List.of(), List.of(), List.of("Attach mode: nothing was created, so nothing was"
                + " removed; the installed sensors keep running for the next person."), List.of());
    }

    private void lookQuietly() {
        try {
            look();
        } catch (RuntimeException e) {
            // a failed list (a blip, a token being refreshed) leaves the last known statuses
        }
    }

    private void look() {
        Map<String, Pod> podByNode = new LinkedHashMap<>();
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace).withLabels(SELECTOR).list().getItems());
        // Newest last, so a node with a replaced pod (old one Terminating) streams from the new one.
        pods.sort(java.util.Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
        for (Pod p : pods) {
            if (p.getSpec() != null && p.getSpec().getNodeName() != null
                    && p.getMetadata().getDeletionTimestamp() == null) {
                podByNode.put(p.getSpec().getNodeName(), p);
            }
        }
        for (String node : nodes) {
            Pod pod = podByNode.get(node);
            publish(pod == null
                    ? new SensorPodStatus(node, "", SensorPodStage.NOT_INSTALLED, "no installed Nightjar sensor runs on"
                            + " node " + node + " (the DaemonSet in namespace " + namespace + " selects nodes labelled "
                            + "nightjar.dev/sensor=true; ask the platform team to label it)")
                    : PodStatusInterpreter.interpret(node, pod.getMetadata().getName(), pod, Optional.empty()));
        }
    }

    private void publish(SensorPodStatus status) {
        SensorPodStatus before = statusByNode.put(status.node(), status);
        if (!status.equals(before)) {
            for (Consumer<SensorPodStatus> l : listeners) {
                try {
                    l.accept(status);
                } catch (RuntimeException e) {
                    // a listener's bug must not stop the looking
                }
            }
        }
    }
}
