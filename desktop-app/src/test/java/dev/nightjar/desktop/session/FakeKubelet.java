package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Plays the kubelets of a test cluster for Nightjar's sensor pods: every few tens of
 * milliseconds it looks at the sensor pods without a status and answers for their node as
 * the test decided — running, held Pending (a slow pull), unschedulable — through the status
 * subresource, as a kubelet does. Pods it answered once are left alone (the test may end
 * them later). Stops on {@link #close()}.
 */
final class FakeKubelet implements AutoCloseable {

    /** What a node's kubelet does with a new sensor pod. */
    enum Answer { RUN, HOLD, UNSCHEDULABLE }

    private final KubernetesClient simulator;
    private final String namespace;
    private final Function<String, Answer> byNode;
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Map<String, String> nodeOfPod = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    FakeKubelet(KubernetesClient simulator, String namespace, Function<String, Answer> byNode) {
        this.simulator = simulator;
        this.namespace = namespace;
        this.byNode = byNode;
        this.thread = Thread.ofPlatform().daemon().name("test-fake-kubelet").start(this::loop);
    }

    /** The node a pod was bound to, once the kubelet has seen it. */
    String nodeOf(String pod) {
        return nodeOfPod.get(pod);
    }

    private void loop() {
        while (!closed) {
            try {
                for (Pod p : simulator.pods().inNamespace(namespace)
                        .withLabel(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE).list().getItems()) {
                    String name = p.getMetadata().getName();
                    if (p.getMetadata().getDeletionTimestamp() != null || !answered.add(name)) {
                        continue;
                    }
                    String node = p.getSpec().getNodeName();
                    nodeOfPod.put(name, node);
                    switch (byNode.apply(node)) {
                        case RUN -> ClusterFixtures.running(simulator, namespace, name);
                        case UNSCHEDULABLE -> ClusterFixtures.unschedulable(simulator, namespace, name,
                                "0/3 nodes are available: 1 Insufficient memory.");
                        case HOLD -> { }
                    }
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a pod deleted under us, or the server closing at the end of the test: look again
            }
        }
    }

    /** Lets the next look answer this pod again (its node's answer may have changed). */
    void forget(String pod) {
        answered.remove(pod);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
