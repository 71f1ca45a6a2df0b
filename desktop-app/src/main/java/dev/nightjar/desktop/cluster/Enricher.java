package dev.nightjar.desktop.cluster;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Live enrichment: fabric8 informers on pods (all namespaces), services, endpoint
 * slices, network policies, namespaces, nodes, ReplicaSets and Jobs feed an
 * {@link EndpointIndex}, which names flow endpoints, containers and cgroups.
 *
 * <p>Memory: fabric8 8.0 informers have no item transform, but take an item store;
 * each informer here uses a {@link ReducedStateItemStore} that keeps only an object's
 * key and resourceVersion (what the informer needs to relist and to tell updates
 * apart), so no full API object outlives its event. The event handlers turn each
 * object into a compact record (interned strings, only the fields used) and never
 * change the object. See docs/PERFORMANCE.md for the numbers.
 *
 * <p>A resource the user may not list or watch (a 403 on network policies, say) does
 * not stop the rest: it is reported by {@link #problems()} and its names are missing.
 */
public final class Enricher implements EndpointNamer, AutoCloseable {

    private final EndpointIndex index = new EndpointIndex();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<CompletableFuture<Void>> started = new ArrayList<>();
    /** Per informer: objects its store holds, and objects the handler was told about (adds minus deletes). */
    private final List<java.util.function.BooleanSupplier> caughtUp = new ArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final KubernetesClient client;

    private Enricher(KubernetesClient client) {
        this.client = client;
    }

    /** Starts the informers and returns at once; {@link #awaitSynced} waits for their first lists. */
    public static Enricher start(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        Enricher enricher = new Enricher(client);
        try {
            enricher.startAll();
        } catch (RuntimeException e) {
            enricher.close();
            throw e;
        }
        return enricher;
    }

    private void startAll() {
        EndpointIndex i = index;
        inform("namespaces", Namespace.class, client.namespaces(),
                n -> i.putNamespace(ApiRecords.namespace(n)), (ns, name) -> i.removeNamespace(name));
        inform("nodes", Node.class, client.nodes(), n -> i.putNode(ApiRecords.node(n)), (ns, name) -> i.removeNode(name));
        inform("replicasets", ReplicaSet.class, client.apps().replicaSets().inAnyNamespace(),
                r -> i.putOwner(ApiRecords.owner(r)), (ns, name) -> i.removeOwner("ReplicaSet", ns, name));
        inform("jobs", Job.class, client.batch().v1().jobs().inAnyNamespace(),
                j -> i.putOwner(ApiRecords.owner(j)), (ns, name) -> i.removeOwner("Job", ns, name));
        inform("pods", Pod.class, client.pods().inAnyNamespace(),
                p -> ApiRecords.pod(p).ifPresentOrElse(i::putPod,
                        () -> i.removePod(p.getMetadata().getNamespace(), p.getMetadata().getName())),
                i::removePod);
        inform("services", Service.class, client.services().inAnyNamespace(),
                s -> i.putService(ApiRecords.service(s)), i::removeService);
        inform("endpointslices", EndpointSlice.class, client.discovery().v1().endpointSlices().inAnyNamespace(),
                s -> i.putEndpointSlice(ApiRecords.endpointSlice(s)), i::removeEndpointSlice);
        inform("networkpolicies", NetworkPolicy.class, client.network().v1().networkPolicies().inAnyNamespace(),
                i::putNetworkPolicy, i::removeNetworkPolicy);
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void inform(
            String resource, Class<T> type, Informable<T> source, Consumer<T> put, BiConsumer<String, String> remove) {
        ReducedStateItemStore<T> store = new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, type,
                client.getKubernetesSerialization());
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        // fabric8 tells handlers on its own executor, after the store changed: the first list is
        // applied once the handler has seen as many objects as the store holds.
        caughtUp.add(() -> delivered.get() == store.size());
        SharedIndexInformer<T> informer = source.runnableInformer(0)
                .itemStore(store)
                .removeNamespaceIndex()
                // a failed first list is reported, not retried forever; a broken watch later is retried
                .exceptionHandler((isStarted, t) -> isStarted)
                .addEventHandler(new ResourceEventHandler<T>() {
                    @Override
                    public void onAdd(T obj) {
                        delivered.incrementAndGet();
                        apply(resource, () -> put.accept(obj));
                    }

                    @Override
                    public void onUpdate(T oldObj, T newObj) {
                        apply(resource, () -> put.accept(newObj));
                    }

                    @Override
                    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                        delivered.decrementAndGet();
                        apply(resource, () -> remove.accept(obj.getMetadata().getNamespace(), obj.getMetadata().getName()));
                    }
                });
        informers.add(informer);
        started.add(informer.start().toCompletableFuture().exceptionally(t -> {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            problems.add((cause instanceof KubernetesClientException k ? ApiFailures.explain(k, "watching " + resource)
                    : "Failed while watching " + resource + ": " + Problems.rootMessage(cause) + ".")
                    + " Endpoints that need " + resource + " stay unnamed.");
            return null;
        }));
    }

    /** An object the records cannot read (a malformed one) is skipped, never the informer's thread killed. */
    private void apply(String resource, Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            if (problems.size() < 20) {
                problems.add("Skipped a malformed " + resource + " object: " + e);
            }
        }
    }

    /**
     * Waits until every informer has listed once (or failed to) and its handler has put
     * what it listed into the index.
     *
     * @return false if some had not after {@code timeout}
     */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // failures were turned into problems above
        }
        // Bounded by the deadline; a failed informer's store stays empty, so it counts as caught up.
        while (!caughtUp.stream().allMatch(java.util.function.BooleanSupplier::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** What could not be watched or read, one line each, for the status bar. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public EndpointIndex index() {
        return index;
    }

    @Override
    public FlowEndpoint name(String ip, int port) {
        return index.name(ip, port);
    }

    @Override
    public Optional<String> podOfContainer(String containerId) {
        return index.podOfContainer(containerId);
    }

    /** What a bundle carries. */
    public ClusterSnapshot snapshot() {
        return index.snapshot();
    }

    /** Stops every informer; the index keeps what it last knew. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
    }
}
