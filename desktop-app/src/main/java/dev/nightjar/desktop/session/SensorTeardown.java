package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Removes a session's objects and confirms they are gone, all within one deadline: the
 * deletes run in parallel (retrying what the API server could not take yet), then one list
 * per kind by the session's label shows what is still there, polled until nothing is or the
 * deadline passes; last, the namespace if {@link SessionNamespace} says this session may
 * remove it. Whatever is left comes back with the exact {@code kubectl delete} commands.
 * The same code serves Stop, a failed deploy's rollback and the shutdown hook.
 */
final class SensorTeardown {

    /** What to remove. {@code secret} may be null (the deploy failed before it). */
    record Target(String namespace, SessionId session, List<String> pods, String secret, boolean namespaceToo,
                  String kubeContext) {
        Target {
            pods = List.copyOf(pods);
        }
    }

    private static final int PARALLEL = 16;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final DeploymentListener listener;
    private final SessionNamespace namespace;

    SensorTeardown(KubernetesClient client, DeploymentListener listener, SessionNamespace namespace) {
        this.client = client;
        this.listener = listener;
        this.namespace = namespace;
    }

    TeardownReport run(Target target, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String ns = target.namespace();
        Map<String, Leftover> failed = new ConcurrentHashMap<>();
        Map<String, String> wanted = new LinkedHashMap<>(); // "pod name" → kind, in order
        target.pods().forEach(p -> wanted.put("pod " + p, "pod"));
        if (target.secret() != null) {
            wanted.put("secret " + target.secret(), "secret");
        }
        List<String> removed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (BoundedCalls calls = new BoundedCalls(deadline, PARALLEL, "nightjar-teardown-call")) {
            listener.onStep("Stopping: deleting " + target.pods().size() + " sensor pod(s)"
                    + (target.secret() == null ? "" : " and the token secret") + " (at most " + timeout.toSeconds() + " s)");
            List<Future<?>> deletes = new ArrayList<>();
            wanted.forEach((key, kind) -> deletes.add(calls.submit(() -> {
                deleteWithRetries(kind, ns, key.substring(kind.length() + 1), deadline, failed);
                return null;
            })));
            for (Future<?> d : deletes) {
                awaitQuietly(calls, d);
            }
            Map<String, Leftover> present = confirmGone(calls, target, wanted, failed);
            for (String key : wanted.keySet()) {
                String kind = wanted.get(key);
                String name = key.substring(kind.length() + 1);
                Leftover why = failed.get(key);
                Leftover still = present.get(key);
                if (why == null && still == null) {
                    removed.add(kind + " " + ns + "/" + name);
                } else {
                    failed.put(key, why != null ? why : still);
                }
            }
            if (target.namespaceToo() && failed.isEmpty()) {
                removeNamespace(calls, target, removed, notes, failed);
            }
        }
        List<Leftover> left = wanted.keySet().stream().map(failed::get).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        Optional.ofNullable(failed.get("namespace " + ns)).ifPresent(left::add);
        List<String> commands = KubectlCommands.forLeftovers(target.kubeContext(), left);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        listener.onStep(left.isEmpty() ? "Sensor removed from the cluster"
                : "Some objects are still there after " + tookMs + " ms: "
                        + left.stream().map(Leftover::describe).toList() + ". Remove them with: "
                        + String.join(" ; ", commands));
        return new TeardownReport(removed, left, notes, commands);
    }

    private void deleteWithRetries(String kind, String ns, String name, long deadline, Map<String, Leftover> failed)
            throws InterruptedException {
        listener.onStep("Deleting " + (kind.equals("pod") ? "sensor pod " : "token secret ") + name);
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                if (kind.equals("pod")) {
                    client.pods().inNamespace(ns).withName(name).delete();
                } else {
                    client.secrets().inNamespace(ns).withName(name).delete();
                }
                failed.remove(kind + " " + name);
                return;
            } catch (KubernetesClientException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("deadline");
                }
                if (e.getCode() == 404) {
                    failed.remove(kind + " " + name);
                    return;
                }
                failed.put(kind + " " + name, new Leftover(kind, ns, name, describe(e), false));
                if (!retryable(e) || System.nanoTime() + wait.toNanos() >= deadline) {
                    return;
                }
            }
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
        }
    }

    /**
     * Lists what is still there by the session's label (one request per kind, however many
     * nodes), until nothing is or the deadline passes.
     *
     * @return what is still present, keyed like {@code wanted}
     */
    private Map<String, Leftover> confirmGone(BoundedCalls calls, Target target, Map<String, String> wanted,
                                              Map<String, Leftover> failed) {
        String ns = target.namespace();
        Map<String, Leftover> present = new LinkedHashMap<>();
        while (true) {
            present.clear();
            try {
                calls.call(() -> {
                    for (HasMetadata o : listSession(ns, target.session())) {
                        String key = (o instanceof Secret ? "secret " : "pod ") + o.getMetadata().getName();
                        if (wanted.containsKey(key) && !failed.containsKey(key)) {
                            boolean terminating = o.getMetadata().getDeletionTimestamp() != null;
                            present.put(key, new Leftover(wanted.get(key), ns, o.getMetadata().getName(), terminating
                                    ? "still terminating when the deadline ran out" : "still there when the deadline"
                                    + " ran out", terminating));
                        }
                    }
                    return null;
                });
            } catch (TimeoutException e) {
                return unconfirmed(wanted, failed, ns, "the API server did not confirm the delete in time");
            } catch (ExecutionException e) {
                return unconfirmed(wanted, failed, ns, "could not confirm: " + describe(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unconfirmed(wanted, failed, ns, "interrupted before it was confirmed");
            }
            if (present.isEmpty() || System.nanoTime() + POLL.toNanos() >= calls.deadlineNanos()) {
                return Map.copyOf(present);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.copyOf(present);
            }
        }
    }

    private List<HasMetadata> listSession(String ns, SessionId session) {
        List<HasMetadata> out = new ArrayList<>(client.pods().inNamespace(ns)
                .withLabel(NightjarLabels.SESSION, session.value()).list().getItems());
        out.addAll(client.secrets().inNamespace(ns).withLabel(NightjarLabels.SESSION, session.value()).list().getItems());
        return out;
    }

    private static Map<String, Leftover> unconfirmed(Map<String, String> wanted, Map<String, Leftover> failed,
                                                     String ns, String why) {
        Map<String, Leftover> out = new LinkedHashMap<>();
        wanted.forEach((key, kind) -> {
            if (!failed.containsKey(key)) {
                out.put(key, new Leftover(kind, ns, key.substring(kind.length() + 1), why, false));
            }
        });
        return out;
    }

    private void removeNamespace(BoundedCalls calls, Target target, List<String> removed, List<String> notes,
                                 Map<String, Leftover> failed) {
        List<String> gone = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            calls.call(() -> namespace.removeIfLastUser(target.session(), calls.deadlineNanos(), gone))
                    .ifPresent(notes::add);
            removed.addAll(gone);
        } catch (TimeoutException e) {
            notes.add("Namespace " + target.namespace() + " was not removed: the API server did not answer in time.");
        } catch (ExecutionException e) {
            failed.put("namespace " + target.namespace(), new Leftover("namespace", target.namespace(),
                    target.namespace(), describe(e.getCause()), false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(BoundedCalls calls, Future<?> pending) {
        try {
            calls.await(pending);
        } catch (TimeoutException | ExecutionException e) {
            // a delete still hanging at the deadline, or failed: the confirmation step reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean retryable(KubernetesClientException e) {
        int code = e.getCode();
        return code == 0 || code == 429 || code >= 500;
    }

    private static String describe(Throwable t) {
        if (t instanceof KubernetesClientException k) {
            return k.getCode() > 0 ? k.getCode() + ": " + messageOf(k) : "no answer from the API server ("
                    + messageOf(k) + ")";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String messageOf(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    static boolean isServiceAccountToken(Secret s) {
        return "kubernetes.io/service-account-token".equals(s.getType());
    }
}
