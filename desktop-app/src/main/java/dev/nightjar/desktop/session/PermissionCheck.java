package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The pre-flight permission check: one SelfSubjectAccessReview per {@link RequiredPermission}
 * (every user may ask these, through the built-in {@code system:basic-user} role), several
 * at a time, all within one deadline. What is denied comes with the Role and ClusterRole
 * rules to ask the platform team for. Blocking: call it off the UI thread.
 */
public final class PermissionCheck {

    private static final int PARALLEL = 8;
    private final KubernetesClient client;
    private final Duration timeout;

    public PermissionCheck(KubernetesClient client) {
        this(client, Duration.ofSeconds(20));
    }

    public PermissionCheck(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** The check for a capture with these settings on this connection: deploy's or attach's permissions. */
    public static List<PermissionResult> forCapture(dev.nightjar.desktop.cluster.ClusterConnection connection,
                                                    SessionSettings settings) throws InterruptedException {
        List<RequiredPermission> needed = settings.mode() == LaunchMode.ATTACH
                ? SessionPermissions.forAttach(settings.attach().namespace())
                : SessionPermissions.forDeploy(settings.sensor().namespace());
        return new PermissionCheck(connection.client()).run(needed);
    }

    /** Whether a capture cannot work with these answers: something it cannot do without was denied. */
    public static boolean blocking(List<PermissionResult> results) {
        return results.stream().anyMatch(r -> r.verdict() == PermissionResult.Verdict.DENIED
                && r.permission().essential());
    }

    public List<PermissionResult> run(List<RequiredPermission> needed) throws InterruptedException {
        Map<RequiredPermission, Future<SelfSubjectAccessReview>> pending = new LinkedHashMap<>();
        List<PermissionResult> out = new ArrayList<>();
        try (BoundedCalls calls = new BoundedCalls(System.nanoTime() + timeout.toNanos(), PARALLEL,
                "nightjar-permission-check")) {
            for (RequiredPermission p : needed) {
                pending.put(p, calls.submit(() -> client.authorization().v1().selfSubjectAccessReview()
                        .create(review(p))));
            }
            for (var e : pending.entrySet()) {
                out.add(answer(calls, e.getKey(), e.getValue()));
            }
        }
        return List.copyOf(out);
    }

    private static PermissionResult answer(BoundedCalls calls, RequiredPermission p,
                                           Future<SelfSubjectAccessReview> pending) throws InterruptedException {
        try {
            SelfSubjectAccessReview r = calls.await(pending);
            if (r.getStatus() == null || r.getStatus().getAllowed() == null) {
                return new PermissionResult(p, PermissionResult.Verdict.UNKNOWN, "the API server gave no answer");
            }
            String reason = r.getStatus().getReason() == null ? "" : r.getStatus().getReason();
            if (Boolean.TRUE.equals(r.getStatus().getDenied()) || !r.getStatus().getAllowed()) {
                return new PermissionResult(p, PermissionResult.Verdict.DENIED, reason.isEmpty()
                        ? "no role grants it" : reason);
            }
            return new PermissionResult(p, PermissionResult.Verdict.ALLOWED, reason);
        } catch (TimeoutException e) {
            return new PermissionResult(p, PermissionResult.Verdict.UNKNOWN, "no answer in time");
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof KubernetesClientException k ? SensorTeardown.messageOf(k)
                    : String.valueOf(e.getCause());
            return new PermissionResult(p, PermissionResult.Verdict.UNKNOWN, "could not ask: " + why);
        }
    }

    private static SelfSubjectAccessReview review(RequiredPermission p) {
        return new SelfSubjectAccessReviewBuilder().withNewSpec().withResourceAttributes(new ResourceAttributesBuilder()
                        .withVerb(p.verb()).withGroup(p.group()).withResource(p.resource())
                        .withSubresource(p.subresource().isEmpty() ? null : p.subresource())
                        .withNamespace(p.namespace().isEmpty() ? null : p.namespace())
                        .withName(p.name().isEmpty() ? null : p.name()).build())
                .endSpec().build();
    }

    /**
     * What to ask the platform team for: the denied permissions as RBAC rules, a Role for the
     * namespaced ones and a ClusterRole for the rest, ready to apply and bind. Empty when
     * nothing was denied.
     */
    public static String askFor(List<PermissionResult> results, String roleName) {
        List<RequiredPermission> denied = results.stream()
                .filter(r -> r.verdict() == PermissionResult.Verdict.DENIED).map(PermissionResult::permission).toList();
        if (denied.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        Map<String, List<RequiredPermission>> byNamespace = new TreeMap<>();
        denied.forEach(p -> byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p));
        for (var e : byNamespace.entrySet()) {
            if (sb.length() > 0) {
                sb.append("---\n");
            }
            boolean cluster = e.getKey().isEmpty();
            sb.append("apiVersion: rbac.authorization.k8s.io/v1\nkind: ").append(cluster ? "ClusterRole" : "Role")
                    .append("\nmetadata:\n  name: ").append(roleName).append('\n');
            if (!cluster) {
                sb.append("  namespace: ").append(e.getKey()).append('\n');
            }
            sb.append("rules:\n");
            rules(e.getValue()).forEach(sb::append);
        }
        return sb.toString();
    }

    /** One rule per group, resource and name, with its verbs. */
    private static List<String> rules(List<RequiredPermission> denied) {
        Map<String, List<String>> verbs = new LinkedHashMap<>();
        for (RequiredPermission p : denied) {
            String resource = p.resource() + (p.subresource().isEmpty() ? "" : "/" + p.subresource());
            verbs.computeIfAbsent(p.group() + "|" + resource + "|" + p.name(), k -> new ArrayList<>()).add(p.verb());
        }
        List<String> out = new ArrayList<>();
        verbs.forEach((key, v) -> {
            String[] k = key.split("\\|", -1);
            out.add("  - apiGroups: [\"" + k[0] + "\"]\n    resources: [\"" + k[1] + "\"]\n"
                    + (k[2].isEmpty() ? "" : "    resourceNames: [\"" + k[2] + "\"]\n")
                    + "    verbs: [" + String.join(", ", v.stream().map(x -> "\"" + x + "\"").toList()) + "]\n");
        });
        return out;
    }
}
