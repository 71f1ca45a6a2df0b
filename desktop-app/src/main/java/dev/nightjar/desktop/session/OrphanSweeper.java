package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The last layer of cleanup: on connect, removes sensor pods and token Secrets left by a
 * desktop that died without stopping (its session's lease has run out), and a namespace
 * Nightjar created once nobody has used it for a while and it is empty.
 *
 * <p>Expiry is judged by the API server's clock ({@link ServerClock}, from the {@code Date}
 * of its answers), never this laptop's: a lease another desktop wrote in server time is
 * compared with server time. A session's one lease is its Secret's annotation; its pods name
 * that Secret as their lease holder and live as long as it does. A pod whose Secret is gone
 * is judged by a lease annotation of its own (sessions of earlier Nightjar versions carried
 * one per pod), else by its age. An object whose lease is missing or unreadable is removed
 * only once it is older than the longest a session can last (the pod deadline plus one
 * lease): a live session might just be writing it, but none can own an object that old.
 */
public final class OrphanSweeper {

    /** A Nightjar namespace used less than this long ago may be about to receive a new session's objects. */
    private static final Duration NAMESPACE_GRACE = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration maxSessionLength;
    private final String namespace;

    public OrphanSweeper(KubernetesClient client, Clock clock, Duration maxSessionLength) {
        this(client, clock, maxSessionLength, NightjarLabels.NAMESPACE);
    }

    public OrphanSweeper(KubernetesClient client, Clock clock, SensorSettings settings) {
        this(client, clock, settings.maxSessionLength(), settings.namespace());
    }

    public OrphanSweeper(KubernetesClient client, Clock clock, Duration maxSessionLength, String namespace) {
        this.client = client;
        this.clock = clock;
        this.maxSessionLength = maxSessionLength;
        this.namespace = namespace;
    }

    public SweepReport sweep() {
        Instant now = ServerClock.measure(client, clock).now();
        List<String> removed = new ArrayList<>();
        List<String> live = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        // Pods first, then Secrets: a session that starts between the two lists has its
        // Secret (created before its pods) in the second list whenever its pods are in the first.
        List<Pod> pods = client.pods().inNamespace(namespace)
                .withLabel(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE).list().getItems();
        List<Secret> secrets = client.secrets().inNamespace(namespace)
                .withLabel(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE).list().getItems();
        Map<String, Secret> secretByName = new HashMap<>();
        secrets.forEach(s -> secretByName.put(s.getMetadata().getName(), s));
        Set<String> sessionsWithPodsLeft = new HashSet<>();
        for (Pod pod : pods) {
            Optional<String> reason = podOrphanReason(pod, secretByName, now);
            if (!sweepOne(pod, "pod", reason, removed, live, failures,
                    () -> client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete())) {
                sessionsWithPodsLeft.add(session(pod));
            }
        }
        for (Secret secret : secrets) {
            Optional<String> reason = orphanReason(secret, now);
            if (reason.isPresent() && sessionsWithPodsLeft.contains(session(secret))) {
                // its pods stay (live, or their delete failed): so does the lease they live by
                live.add("secret " + namespace + "/" + secret.getMetadata().getName());
                continue;
            }
            sweepOne(secret, "secret", reason, removed, live, failures,
                    () -> client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).delete());
        }
        removeAbandonedNamespace(now, removed, failures);
        return new SweepReport(removed, live, failures);
    }

    /** Why a pod is an orphan: by its session's Secret's lease if there is one, else its own lease or age. */
    Optional<String> podOrphanReason(Pod pod, Map<String, Secret> secretByName, Instant now) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String holder = annotations == null ? null : annotations.get(SessionLabels.LEASE_HOLDER);
        Secret lease = holder == null ? null : secretByName.get(holder);
        if (lease != null) {
            return orphanReason(lease, now).map(r -> r + " (the lease of its session's secret " + holder + ")");
        }
        return orphanReason(pod, now);
    }

    /** Why an object is an orphan by its own lease annotation or age, or empty if it may belong to a live session. */
    Optional<String> orphanReason(HasMetadata object, Instant now) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String raw = annotations == null ? null : annotations.get(NightjarLabels.LEASE_EXPIRES);
        Optional<Instant> lease = LeaseTimes.parse(raw);
        if (lease.isPresent()) {
            return lease.get().isBefore(now)
                    ? Optional.of("lease expired " + LeaseTimes.format(lease.get()) + ", server time "
                            + LeaseTimes.format(now))
                    : Optional.empty();
        }
        Optional<Instant> created = LeaseTimes.parse(object.getMetadata().getCreationTimestamp());
        if (created.isPresent() && created.get().plus(maxSessionLength).isBefore(now)) {
            return Optional.of((raw == null ? "no lease annotation" : "unreadable lease \"" + raw + "\"")
                    + " and created " + LeaseTimes.format(created.get()) + ", longer ago than any session lasts");
        }
        return Optional.empty();
    }

    /** @return true if the object is gone (removed now, or already) */
    private boolean sweepOne(HasMetadata object, String kind, Optional<String> reason, List<String> removed,
                             List<String> live, List<String> failures, Runnable delete) {
        String what = kind + " " + namespace + "/" + object.getMetadata().getName();
        if (reason.isEmpty()) {
            live.add(what);
            return false;
        }
        try {
            delete.run();
            removed.add(what + " (" + reason.get() + ")");
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            failures.add(what + " (" + e.getCode() + ": " + SensorTeardown.messageOf(e) + ")");
            return false;
        }
    }

    private void removeAbandonedNamespace(Instant now, List<String> removed, List<String> failures) {
        try {
            new SessionNamespace(client, namespace, new ServerClock(clock), DeploymentListener.NONE)
                    .removeIfAbandoned(now, NAMESPACE_GRACE).ifPresent(removed::add);
        } catch (KubernetesClientException e) {
            failures.add("namespace " + namespace + " (" + e.getCode() + ": " + SensorTeardown.messageOf(e) + ")");
        }
    }

    private static String session(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? "" : String.valueOf(labels.get(NightjarLabels.SESSION));
    }
}
