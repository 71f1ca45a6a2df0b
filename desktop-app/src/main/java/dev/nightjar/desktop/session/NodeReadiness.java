package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Looks at the chosen nodes, one GET each, several at a time: which no longer exist, and
 * which are not Ready (a pod bound to a NotReady node waits with no status at all; the
 * launch table says why instead of showing it Pending for minutes).
 */
final class NodeReadiness {

    private static final int PARALLEL = 8;

    /** @param notReady node → why it is not Ready; {@code missing}: nodes that no longer exist */
    record Result(Map<String, Optional<String>> notReady, List<String> missing) {
    }

    private NodeReadiness() {
    }

    static Result check(KubernetesClient client, List<String> nodes, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Future<Node>> pending = new LinkedHashMap<>();
        try (BoundedCalls calls = new BoundedCalls(System.nanoTime() + timeout.toNanos(), PARALLEL,
                "nightjar-node-check")) {
            nodes.forEach(n -> pending.put(n, calls.submit(() -> client.nodes().withName(n).get())));
            Map<String, Optional<String>> notReady = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (var e : pending.entrySet()) {
                Node node = calls.await(e.getValue());
                if (node == null) {
                    missing.add(e.getKey());
                } else {
                    notReady.put(e.getKey(), notReadyReason(node));
                }
            }
            return new Result(notReady, missing);
        }
    }

    /** Empty when Ready; else the Ready condition's reason and message (or "no Ready condition"). */
    static Optional<String> notReadyReason(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        Optional<NodeCondition> ready = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        if (ready.isEmpty()) {
            return Optional.of("it reports no Ready condition");
        }
        if ("True".equals(ready.get().getStatus())) {
            return Optional.empty();
        }
        NodeCondition c = ready.get();
        String why = c.getReason() == null ? "Ready=" + c.getStatus() : c.getReason();
        return Optional.of(c.getMessage() == null || c.getMessage().isBlank() ? why : why + ": " + c.getMessage());
    }
}
