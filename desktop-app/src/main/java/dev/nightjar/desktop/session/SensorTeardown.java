package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Removes a session's objects and confirms they are gone: its pods, its token
 * Secret, and the namespace if this deployment created it and nothing else lives
 * there (no other pods, no other Secrets besides service-account tokens).
 */
final class SensorTeardown {

    private static final String NS = NightjarLabels.NAMESPACE;

    private final KubernetesClient client;
    private final DeploymentListener listener;

    SensorTeardown(KubernetesClient client, DeploymentListener listener) {
        this.client = client;
        this.listener = listener;
    }

    TeardownReport run(List<String> podNames, String secretName, boolean namespaceCreatedHere, Duration timeout) {
        long deadline = DeletionWaiter.deadline(timeout);
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String pod : podNames) {
            listener.onStep("Deleting sensor pod " + pod);
            deleteQuietly(() -> client.pods().inNamespace(NS).withName(pod).delete(), "pod " + NS + "/" + pod, left);
        }
        if (secretName != null) {
            listener.onStep("Deleting token secret " + secretName);
            deleteQuietly(() -> client.secrets().inNamespace(NS).withName(secretName).delete(),
                    "secret " + NS + "/" + secretName, left);
        }
        for (String pod : podNames) {
            confirm(() -> client.pods().inNamespace(NS).withName(pod).get() == null,
                    "pod " + NS + "/" + pod, deadline, removed, left);
        }
        if (secretName != null) {
            confirm(() -> client.secrets().inNamespace(NS).withName(secretName).get() == null,
                    "secret " + NS + "/" + secretName, deadline, removed, left);
        }
        if (namespaceCreatedHere) {
            removeNamespaceIfEmpty(deadline, removed, left, notes);
        }
        listener.onStep(left.isEmpty() ? "Sensor removed from the cluster" : "Some objects are still there: " + left);
        return new TeardownReport(removed, left, notes);
    }

    private void removeNamespaceIfEmpty(long deadline, List<String> removed, List<String> left, List<String> notes) {
        try {
            int pods = client.pods().inNamespace(NS).list().getItems().size();
            long secrets = client.secrets().inNamespace(NS).list().getItems().stream()
                    .filter(s -> !isServiceAccountToken(s)).count();
            if (pods > 0 || secrets > 0) {
                notes.add("Namespace " + NS + " kept: it now holds " + pods + " other pod(s) and " + secrets
                        + " other secret(s).");
                return;
            }
            listener.onStep("Deleting namespace " + NS + " (Nightjar created it)");
            client.namespaces().withName(NS).delete();
            if (DeletionWaiter.await(() -> client.namespaces().withName(NS).get() == null, deadline)) {
                removed.add("namespace " + NS);
            } else {
                notes.add("Namespace " + NS + " is terminating; Kubernetes will finish removing it.");
            }
        } catch (KubernetesClientException e) {
            left.add("namespace " + NS + " (" + e.getCode() + ": " + messageOf(e) + ")");
        }
    }

    private void confirm(BooleanSupplier gone, String what, long deadline,
                         List<String> removed, List<String> left) {
        if (left.stream().anyMatch(l -> l.startsWith(what + " "))) {
            return; // its delete already failed
        }
        try {
            if (DeletionWaiter.await(gone, deadline)) {
                removed.add(what);
            } else {
                left.add(what + " (still there when the timeout ran out)");
            }
        } catch (KubernetesClientException e) {
            left.add(what + " (" + e.getCode() + ": " + messageOf(e) + ")");
        }
    }

    private static void deleteQuietly(Runnable delete, String what, List<String> left) {
        try {
            delete.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                left.add(what + " (" + e.getCode() + ": " + messageOf(e) + ")");
            }
        }
    }

    static String messageOf(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    static boolean isServiceAccountToken(Secret s) {
        return "kubernetes.io/service-account-token".equals(s.getType());
    }
}
