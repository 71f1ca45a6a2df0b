package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Follows a session's sensor pods with two informers (the session's pods, and the events in
 * its namespace) and keeps each node's {@link SensorPodStatus} up to date, telling the
 * listeners about every change. Objects from the informers' caches are only read.
 *
 * <p>Each node has one current pod. A redeploy gives the node a new pod name; the old pod's
 * news is ignored from then on. Nodes whose pod the API server refused are {@code REJECTED}
 * with the reason, and nodes found NotReady say so while their pod waits.
 */
final class PodProgressTracker implements AutoCloseable {

    private final Map<String, String> podByNode = new LinkedHashMap<>();
    private final Map<String, String> nodeByPod = new ConcurrentHashMap<>();
    private final Map<String, SensorPodStatus> statusByNode = new ConcurrentHashMap<>();
    private final Map<String, Event> latestEventByPod = new ConcurrentHashMap<>();
    private final Map<String, Pod> podByName = new ConcurrentHashMap<>();
    /** Pods the informer has shown at least once: only those can be "gone". */
    private final java.util.Set<String> seenPods = ConcurrentHashMap.newKeySet();
    private final Map<String, String> notReadyByNode = new ConcurrentHashMap<>();
    private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    private SharedIndexInformer<Pod> podInformer;
    private SharedIndexInformer<Event> eventInformer;
    private volatile boolean closed;

    PodProgressTracker(SessionPlan plan, DeploymentListener listener) {
        listeners.add(listener);
        for (String node : plan.nodes()) {
            String pod = SensorObjectNames.pod(plan.id(), node);
            podByNode.put(node, pod);
            nodeByPod.put(pod, node);
            statusByNode.put(node, new SensorPodStatus(node, pod, SensorPodStage.PENDING, "being created"));
        }
    }

    void addListener(DeploymentListener listener) {
        listeners.add(listener);
    }

    /** Starts both informers; returns once their first lists are in. */
    void start(KubernetesClient client, String namespace, SessionId session) {
        eventInformer = client.v1().events().inNamespace(namespace).inform(new Handler<>() {
            @Override
            void seen(Event e, boolean deleted) {
                onEvent(e, deleted);
            }
        });
        podInformer = client.pods().inNamespace(namespace)
                .withLabel(NightjarLabels.SESSION, session.value())
                .inform(new Handler<>() {
                    @Override
                    void seen(Pod p, boolean deleted) {
                        onPod(p, deleted);
                    }
                });
    }

    /** The API server refused this node's pod: it stays out, with the reason. */
    void rejected(String node, String why) {
        String pod;
        synchronized (podByNode) {
            pod = podByNode.get(node);
        }
        publish(new SensorPodStatus(node, pod, SensorPodStage.REJECTED, why));
    }

    /** From now on, {@code node}'s pod is {@code podName} (a redeploy); it starts as being created. */
    void track(String node, String podName) {
        String old;
        synchronized (podByNode) {
            old = podByNode.put(node, podName);
        }
        if (old != null) {
            nodeByPod.remove(old);
        }
        nodeByPod.put(podName, node);
        publish(new SensorPodStatus(node, podName, SensorPodStage.PENDING, "being created"));
        update(podName);
    }

    /** What is known about the node's readiness: empty when Ready, else why not. */
    void nodeReadiness(String node, Optional<String> notReady) {
        String before = notReady.isPresent() ? notReadyByNode.put(node, notReady.get()) : notReadyByNode.remove(node);
        if (!java.util.Objects.equals(before, notReady.orElse(null))) {
            currentPod(node).ifPresent(this::update);
        }
    }

    Optional<String> currentPod(String node) {
        synchronized (podByNode) {
            return Optional.ofNullable(podByNode.get(node));
        }
    }

    /** Every node's current pod name, in the plan's order. */
    Map<String, String> podsByNode() {
        synchronized (podByNode) {
            return new LinkedHashMap<>(podByNode);
        }
    }

    /** A snapshot of every node's status, in the plan's node order. */
    Map<String, SensorPodStatus> statusByNode() {
        Map<String, SensorPodStatus> out = new LinkedHashMap<>();
        podsByNode().keySet().forEach(node -> out.put(node, statusByNode.get(node)));
        return out;
    }

    /** Waits until every pod is settled (running or in trouble) or the timeout passes. */
    Map<String, SensorPodStatus> awaitSettled(Duration timeout) throws InterruptedException {
        awaitUntil(all -> all.values().stream().allMatch(s -> s.stage().isSettled()), timeout);
        return statusByNode();
    }

    /** Waits until the statuses satisfy {@code done} or the timeout passes; true if they did. */
    boolean awaitUntil(Predicate<Map<String, SensorPodStatus>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!done.test(statusByNode())) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return done.test(statusByNode());
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void onPod(Pod pod, boolean deleted) {
        String name = pod.getMetadata().getName();
        if (!nodeByPod.containsKey(name)) {
            return;
        }
        if (deleted) {
            podByName.remove(name);
        } else {
            podByName.put(name, pod);
        }
        seenPods.add(name);
        update(name);
    }

    private void onEvent(Event event, boolean deleted) {
        if (deleted || event.getInvolvedObject() == null || !"Pod".equals(event.getInvolvedObject().getKind())) {
            return;
        }
        String name = event.getInvolvedObject().getName();
        if (!nodeByPod.containsKey(name)) {
            return;
        }
        latestEventByPod.put(name, event);
        update(name);
    }

    private void update(String podName) {
        String node = nodeByPod.get(podName);
        if (closed || node == null || !podName.equals(currentPod(node).orElse(null))) {
            return; // not ours, or an old generation's news
        }
        Pod pod = podByName.get(podName);
        if (pod == null && !seenPods.contains(podName)) {
            return; // never created (rejected), or not in the informer's cache yet: not "gone"
        }
        publish(PodStatusInterpreter.interpret(node, podName, pod, Optional.ofNullable(latestEventByPod.get(podName)),
                Optional.ofNullable(notReadyByNode.get(node))));
    }

    private void publish(SensorPodStatus next) {
        if (closed) {
            return;
        }
        SensorPodStatus previous = statusByNode.put(next.node(), next);
        if (!next.equals(previous)) {
            for (DeploymentListener l : listeners) {
                try {
                    l.onPodStatus(next);
                } catch (RuntimeException e) {
                    // one listener's bug must not stop the others or the informer thread
                }
            }
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /**
     * Stops reporting: from now on, deletions (our own teardown) are not reported as
     * "gone". The informers keep their watches open until {@link #close()}, so the API
     * server is not left writing events into a watch the client has just dropped.
     */
    void quiet() {
        closed = true;
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Stops both informers (and reporting). */
    @Override
    public void close() {
        quiet();
        if (podInformer != null) {
            podInformer.close();
        }
        if (eventInformer != null) {
            eventInformer.close();
        }
    }

    /** Adapts the informer callbacks to one method. */
    private abstract static class Handler<T> implements ResourceEventHandler<T> {
        abstract void seen(T object, boolean deleted);

        @Override
        public void onAdd(T obj) {
            seen(obj, false);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            seen(newObj, false);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            seen(obj, true);
        }
    }
}
