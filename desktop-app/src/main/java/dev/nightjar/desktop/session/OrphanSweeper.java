package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last layer of cleanup: on connect, removes sensor pods and token Secrets left by
 * a desktop that died without stopping (its lease annotation has run out), and the
 * {@code nightjar} namespace if Nightjar created it and it is left empty.
 *
 * <p>An object whose lease is in the future belongs to a live session (maybe another
 * person's desktop) and is left alone. An object whose lease annotation is missing or
 * unreadable is removed only once it is older than the longest a session can last
 * (the pod deadline plus one lease): a live session might just be in the middle of
 * writing it, but no live session can own an object older than that.
 */
public final class OrphanSweeper {

    private static final String NS = NightjarLabels.NAMESPACE;
    /** A Nightjar namespace younger than this may be about to receive a new session's objects. */
    private static final Duration NAMESPACE_GRACE = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration maxSessionLength;

    public OrphanSweeper(KubernetesClient client, Clock clock, Duration maxSessionLength) {
        this.client = client;
        this.clock = clock;
        this.maxSessionLength = maxSessionLength;
    }

    public OrphanSweeper(KubernetesClient client, Clock clock, SensorSettings settings) {
        this(client, clock, settings.maxSessionLength());
    }

    public SweepReport sweep() {
        Instant now = clock.instant();
        List<String> removed = new ArrayList<>();
        List<String> live = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        var pods = client.pods().inNamespace(NS).withLabel(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE)
                .list().getItems();
        for (var pod : pods) {
            sweepOne(pod, "pod", now, () -> client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete(),
                    removed, live, failures);
        }
        var secrets = client.secrets().inNamespace(NS)
                .withLabel(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE).list().getItems();
        for (var secret : secrets) {
            sweepOne(secret, "secret", now, () -> client.secrets().inNamespace(NS).withName(secret.getMetadata().getName()).delete(),
                    removed, live, failures);
        }
        removeEmptyNightjarNamespace(now, removed, failures);
        return new SweepReport(removed, live, failures);
    }

    /** Why an object is an orphan, or empty if it may belong to a live session. */
    Optional<String> orphanReason(HasMetadata object, Instant now) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String raw = annotations == null ? null : annotations.get(NightjarLabels.LEASE_EXPIRES);
        Optional<Instant> lease = LeaseTimes.parse(raw);
        if (lease.isPresent()) {
            return lease.get().isBefore(now)
                    ? Optional.of("lease expired " + LeaseTimes.format(lease.get()))
                    : Optional.empty();
        }
        Optional<Instant> created = LeaseTimes.parse(object.getMetadata().getCreationTimestamp());
        if (created.isPresent() && created.get().plus(maxSessionLength).isBefore(now)) {
            return Optional.of((raw == null ? "no lease annotation" : "unreadable lease \"" + raw + "\"")
                    + " and created " + LeaseTimes.format(created.get()) + ", longer ago than any session lasts");
        }
        return Optional.empty();
    }

    private void sweepOne(HasMetadata object, String kind, Instant now, Runnable delete,
                          List<String> removed, List<String> live, List<String> failures) {
        String what = kind + " " + NS + "/" + object.getMetadata().getName();
        Optional<String> reason = orphanReason(object, now);
        if (reason.isEmpty()) {
            live.add(what);
            return;
        }
        try {
            delete.run();
            removed.add(what + " (" + reason.get() + ")");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                failures.add(what + " (" + e.getCode() + ": " + SensorTeardown.messageOf(e) + ")");
            }
        }
    }

    /**
     * A namespace Nightjar created is removed once nothing lives in it. Only if it is
     * older than a few minutes: a desktop that has just created it has not created its
     * Secret yet, and must not lose the namespace under its feet.
     */
    private void removeEmptyNightjarNamespace(Instant now, List<String> removed, List<String> failures) {
        try {
            Namespace ns = client.namespaces().withName(NS).get();
            if (ns == null || !SensorNamespace.createdByNightjar(ns) || ns.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            Optional<Instant> created = LeaseTimes.parse(ns.getMetadata().getCreationTimestamp());
            if (created.isEmpty() || !created.get().plus(NAMESPACE_GRACE).isBefore(now)) {
                return;
            }
            boolean empty = client.pods().inNamespace(NS).list().getItems().isEmpty()
                    && client.secrets().inNamespace(NS).list().getItems().stream()
                            .allMatch(SensorTeardown::isServiceAccountToken);
            if (empty) {
                client.namespaces().withName(NS).delete();
                removed.add("namespace " + NS + " (created by Nightjar, empty)");
            }
        } catch (KubernetesClientException e) {
            failures.add("namespace " + NS + " (" + e.getCode() + ": " + SensorTeardown.messageOf(e) + ")");
        }
    }
}
