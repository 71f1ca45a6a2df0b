package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Who creates and who deletes a namespace that several desktops share, and when.
 *
 * <p>A desktop that deploys <em>marks</em> a Nightjar-created namespace before it puts
 * anything in it: a merge patch of two annotations, when and by which session it was last
 * used. The patch changes the namespace's {@code resourceVersion}. Whoever deletes the
 * namespace (a Stop, or a sweep) reads it, checks that Nightjar created it, that it is empty
 * and that nobody else marked it since (Stop: the last session to use it is the one
 * stopping; sweep: nobody used it for a while), and deletes it with that
 * {@code resourceVersion} as a precondition. A desktop that marked it in between makes the
 * delete fail with 409 Conflict, so a namespace is never deleted under a session that is
 * starting in it. A desktop that finds the namespace terminating (a Stop a moment ago)
 * waits until it is gone and creates it again, instead of creating objects the namespace
 * controller is about to remove.
 *
 * <p>A namespace Nightjar did not create (no managed-by label, e.g. an admin's) is never
 * marked and never deleted.
 */
final class SessionNamespace {

    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * How long a Stop watches its namespace go. A namespace terminates once the namespace
     * controller has emptied it, seconds at best; Stop does not wait for that, it says so.
     */
    private static final Duration NAMESPACE_GONE_WAIT = Duration.ofSeconds(3);

    private final KubernetesClient client;
    private final String name;
    private final ServerClock clock;
    private final DeploymentListener listener;

    SessionNamespace(KubernetesClient client, String name, ServerClock clock, DeploymentListener listener) {
        this.client = client;
        this.name = name;
        this.clock = clock;
        this.listener = listener;
    }

    String name() {
        return name;
    }

    /**
     * Makes sure the namespace exists, is not terminating, and (if Nightjar's) is marked as
     * used by {@code session}.
     *
     * @param maxWait how long to wait for a terminating namespace to go
     * @return true if this call created it
     * @throws KubernetesClientException for a refused lookup (the caller explains it)
     */
    boolean prepare(SessionId session, Duration maxWait) throws SensorDeploymentException, InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean waitingSaid = false;
        while (true) {
            Namespace ns = client.namespaces().withName(name).get();
            if (ns == null) {
                listener.onStep("Creating namespace " + name);
                try {
                    client.namespaces().resource(marked(SensorNamespace.build(name), session)).create();
                    return true;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw new SensorDeploymentException(CreateRejections.explain(e, "namespace " + name), e);
                    }
                    continue; // another desktop created it a moment ago: mark it as ours too
                }
            }
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                if (System.nanoTime() > deadline) {
                    throw new SensorDeploymentException("Namespace " + name + " is still being deleted after "
                            + maxWait.toSeconds() + " s (`kubectl get namespace " + name + " -o yaml` shows what it"
                            + " waits for). Try again in a minute, or choose another namespace in the session settings.",
                            null);
                }
                if (!waitingSaid) {
                    listener.onStep("Namespace " + name + " is being deleted (a session that just stopped removed it);"
                            + " waiting until it is gone to create it again");
                    waitingSaid = true;
                }
                Thread.sleep(POLL.toMillis());
                continue;
            }
            if (!SensorNamespace.createdByNightjar(ns)) {
                warnIfPodSecurityTooStrict(ns);
                return false;
            }
            Namespace after = client.namespaces().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    markPatch(session));
            if (after != null && after.getMetadata().getDeletionTimestamp() == null) {
                warnIfPodSecurityTooStrict(after);
                return false;
            }
            // deleted between the read and the mark: wait for it to go, then create it
        }
    }

    /**
     * At Stop: deletes the namespace if Nightjar created it, {@code session} was the last to
     * mark it, and nothing else lives in it. Every refusal is a note, not a failure.
     *
     * @return a note for the report when the namespace stays (or is still terminating)
     */
    Optional<String> removeIfLastUser(SessionId session, long deadlineNanos, java.util.List<String> removed) {
        Namespace ns = client.namespaces().withName(name).get();
        if (ns == null || !SensorNamespace.createdByNightjar(ns)) {
            return Optional.empty();
        }
        if (ns.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("Namespace " + name + " is terminating; Kubernetes will finish removing it.");
        }
        String last = annotations(ns).get(SessionLabels.NAMESPACE_LAST_SESSION);
        if (last != null && !last.equals(session.value())) {
            return Optional.of("Namespace " + name + " kept: session " + last + " started using it after this one.");
        }
        return deleteIfEmpty(ns, deadlineNanos, removed, "namespace " + name,
                "Deleting namespace " + name + " (Nightjar created it; nothing else is in it)");
    }

    /**
     * For the orphan sweep: deletes the namespace if Nightjar created it, nobody marked it
     * for {@code grace} (server time), and it is empty.
     *
     * @return what was removed, or empty when it stays
     */
    Optional<String> removeIfAbandoned(Instant serverNow, Duration grace) {
        Namespace ns = client.namespaces().withName(name).get();
        if (ns == null || !SensorNamespace.createdByNightjar(ns) || ns.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        Optional<Instant> lastUsed = LeaseTimes.parse(annotations(ns).get(SessionLabels.NAMESPACE_LAST_USED))
                .or(() -> LeaseTimes.parse(ns.getMetadata().getCreationTimestamp()));
        if (lastUsed.isEmpty() || !lastUsed.get().plus(grace).isBefore(serverNow)) {
            return Optional.empty();
        }
        java.util.List<String> removed = new java.util.ArrayList<>();
        Optional<String> note = deleteIfEmpty(ns, System.nanoTime(), removed,
                "namespace " + name + " (created by Nightjar, empty)", "Deleting namespace " + name);
        return note.isEmpty() && !removed.isEmpty() ? Optional.of(removed.getFirst()) : Optional.empty();
    }

    private Optional<String> deleteIfEmpty(Namespace ns, long deadlineNanos, java.util.List<String> removed,
                                           String removedAs, String step) {
        String version = ns.getMetadata().getResourceVersion();
        int pods = client.pods().inNamespace(name).list().getItems().size();
        long secrets = client.secrets().inNamespace(name).list().getItems().stream()
                .filter(s -> !SensorTeardown.isServiceAccountToken(s)).count();
        if (pods > 0 || secrets > 0) {
            return Optional.of("Namespace " + name + " kept: it now holds " + pods + " other pod(s) and " + secrets
                    + " other secret(s).");
        }
        listener.onStep(step);
        try {
            var resource = client.namespaces().withName(name);
            (version == null ? resource : resource.lockResourceVersion(version)).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.of("Namespace " + name + " kept: another session started using it a moment ago.");
            }
            if (e.getCode() != 404) {
                throw e;
            }
        }
        long until = Math.min(deadlineNanos, System.nanoTime() + NAMESPACE_GONE_WAIT.toNanos());
        if (DeletionWaiter.await(() -> client.namespaces().withName(name).get() == null, until)) {
            removed.add(removedAs);
            return Optional.empty();
        }
        return Optional.of("Namespace " + name + " is terminating; Kubernetes will finish removing it.");
    }

    private Namespace marked(Namespace ns, SessionId session) {
        return new NamespaceBuilder(ns).editMetadata()
                .addToAnnotations(SessionLabels.NAMESPACE_LAST_USED, LeaseTimes.format(clock.now()))
                .addToAnnotations(SessionLabels.NAMESPACE_LAST_SESSION, session.value())
                .endMetadata().build();
    }

    private String markPatch(SessionId session) {
        return "{\"metadata\":{\"annotations\":{\"" + SessionLabels.NAMESPACE_LAST_USED + "\":\""
                + LeaseTimes.format(clock.now()) + "\",\"" + SessionLabels.NAMESPACE_LAST_SESSION + "\":\""
                + session.value() + "\"}}}";
    }

    private void warnIfPodSecurityTooStrict(Namespace ns) {
        String level = ns.getMetadata().getLabels() == null ? null
                : ns.getMetadata().getLabels().get(NightjarLabels.PSA_ENFORCE);
        if (level != null && !"privileged".equals(level)) {
            listener.onStep("Namespace " + name + " enforces Pod Security level \"" + level
                    + "\"; the sensor needs \"privileged\" and may be rejected. Fix: "
                    + CreateRejections.psaLabelCommand(name));
        }
    }

    private static Map<String, String> annotations(Namespace ns) {
        return ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations();
    }
}
