package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows a session's sensor pods with two informers (its pods, and the events in the
 * namespace) and keeps each pod's {@link SensorPodStatus} up to date, telling the
 * listener about every change. Objects from the informers' caches are only read.
 */
final class PodProgressTracker implements AutoCloseable {

    private final Map<String, String> nodeByPod = new LinkedHashMap<>();
    private final Map<String, SensorPodStatus> statusByPod = new ConcurrentHashMap<>();
    private final Map<String, Event> latestEventByPod = new ConcurrentHashMap<>();
    private final Map<String, Pod> podByName = new ConcurrentHashMap<>();
    private final DeploymentListener listener;
    private final Object changed = new Object();
    private SharedIndexInformer<Pod> podInformer;
    private SharedIndexInformer<Event> eventInformer;
    private volatile boolean closed;

    PodProgressTracker(SessionPlan plan, DeploymentListener listener) {
        this.listener = listener;
        for (String node : plan.nodes()) {
            String pod = SensorObjectNames.pod(plan.id(), node);
            nodeByPod.put(pod, node);
            statusByPod.put(pod, new SensorPodStatus(node, pod, SensorPodStage.PENDING, "being created"));
        }
    }

    /** Starts both informers; returns once their first lists are in. */
    void start(KubernetesClient client, SessionId session) {
        eventInformer = client.v1().events().inNamespace(NightjarLabels.NAMESPACE).inform(new Handler<>() {
            @Override
            void seen(Event e, boolean deleted) {
                onEvent(e, deleted);
            }
        });
        podInformer = client.pods().inNamespace(NightjarLabels.NAMESPACE)
                .withLabel(NightjarLabels.SESSION, session.value())
                .inform(new Handler<>() {
                    @Override
                    void seen(Pod p, boolean deleted) {
                        onPod(p, deleted);
                    }
                });
    }

    /** A snapshot of every pod's status, in the plan's node order. */
    Map<String, SensorPodStatus> statusByNode() {
        Map<String, SensorPodStatus> out = new LinkedHashMap<>();
        nodeByPod.forEach((pod, node) -> out.put(node, statusByPod.get(pod)));
        return out;
    }

    /** Waits until every pod is settled (running or in trouble) or the timeout passes. */
    Map<String, SensorPodStatus> awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!allSettled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
        return statusByNode();
    }

    private boolean allSettled() {
        return statusByPod.values().stream().allMatch(s -> s.stage().isSettled());
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
        if (closed) {
            return;
        }
        SensorPodStatus next = PodStatusInterpreter.interpret(nodeByPod.get(podName), podName,
                podByName.get(podName), Optional.ofNullable(latestEventByPod.get(podName)));
        SensorPodStatus previous = statusByPod.put(podName, next);
        if (!next.equals(previous)) {
            listener.onPodStatus(next);
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
    }

    /** Stops both informers (and reporting). */
    @Override
    public void close() {
        closed = true;
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
