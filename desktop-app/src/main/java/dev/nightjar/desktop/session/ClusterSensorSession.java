package dev.nightjar.desktop.session;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.stream.SensorAddress;
import dev.nightjar.desktop.stream.SensorStream;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The streaming half of a Kubernetes session: for every running sensor pod of a
 * {@link SensorDeployment}, a {@link SensorPortForward} and a {@link SensorStream} with
 * the session token, all feeding one {@link CaptureStore}; and the lease renewal while
 * the session is open. A forward that died is re-created when the stream asks for its
 * address before the next attempt, so a broken forward shows as RECONNECTING and then
 * STREAMING again, with the gap recorded in the store.
 *
 * <p>{@link #close()} stops the streams and the forwards and leaves the sensors in the
 * cluster; {@link #stop(Duration)} closes and then removes the sensors.
 */
public final class ClusterSensorSession implements AutoCloseable {

    /** Told every change of a node's stream state, on stream threads; the UI hands it to its own thread. */
    @FunctionalInterface
    public interface StateListener {
        StateListener NONE = (node, state) -> { };

        void onState(String node, StreamState state);
    }

    /** Thread names of this class, so a test can prove none outlives {@link #close()}. */
    public static final String THREAD_NAME = "nightjar-session-lease";

    private final KubernetesClient client;
    private final SensorDeployment deployment;
    private final CaptureStore store;
    private final SubscribeRequest request;
    private final StateListener listener;
    private final Clock clock;
    private final Duration leaseCheck;
    private final Map<String, SensorPortForward> forwards = new LinkedHashMap<>();
    private final Map<String, SensorStream> streams = new LinkedHashMap<>();
    private final Map<String, StreamState> states = new ConcurrentHashMap<>();
    private ScheduledExecutorService leaseScheduler;
    private boolean started;
    private boolean closed;

    /**
     * @param leaseCheck how often to ask the deployment whether the lease is due; a few
     *                   seconds, well under the lease renewal interval
     */
    public ClusterSensorSession(KubernetesClient client, SensorDeployment deployment, CaptureStore store,
                                SubscribeRequest request, StateListener listener, Clock clock, Duration leaseCheck) {
        this.client = Objects.requireNonNull(client, "client");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.store = Objects.requireNonNull(store, "store");
        this.request = Objects.requireNonNull(request, "request");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (leaseCheck.isNegative() || leaseCheck.isZero()) {
            throw new IllegalArgumentException("the lease check interval must be positive, not " + leaseCheck);
        }
        this.leaseCheck = leaseCheck;
    }

    /**
     * Opens a forward and a stream for every sensor pod that runs now, and starts the
     * lease renewal. Nodes whose pod does not run are not streamed; start a new session
     * for them once they run.
     *
     * @return the nodes being streamed, in the deployment's order
     * @throws IllegalStateException if a forward could not be opened (what was opened is closed again)
     */
    public synchronized List<String> start() {
        if (started || closed) {
            throw new IllegalStateException("A ClusterSensorSession starts once.");
        }
        started = true;
        String token = deployment.token().value();
        try {
            for (SensorEndpoint endpoint : deployment.runningSensors()) {
                SensorPortForward forward = new SensorPortForward(client, endpoint);
                forwards.put(endpoint.node(), forward);
                forward.address(); // opened now, so a failure reaches the caller instead of a stream thread
                SensorStream stream = new SensorStream(() -> addressFor(forward), token, request, store,
                        state -> stateChanged(endpoint.node(), state), clock);
                streams.put(endpoint.node(), stream);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        streams.values().forEach(SensorStream::start);
        leaseScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        leaseScheduler.scheduleWithFixedDelay(this::renewLease, leaseCheck.toMillis(), leaseCheck.toMillis(),
                TimeUnit.MILLISECONDS);
        return List.copyOf(streams.keySet());
    }

    /**
     * The stream's address supplier: never throws, because the stream asks from its own
     * thread. If a dead forward cannot be re-opened, the old address is returned; the
     * attempt fails, the stream backs off, and the next attempt tries to re-open again.
     */
    private SensorAddress addressFor(SensorPortForward forward) {
        try {
            int before = forward.forwardsOpened();
            SensorAddress address = forward.address();
            if (forward.forwardsOpened() > before) { // only this stream's thread opens this forward
                stateChanged(forward.endpoint().node(), new StreamState(StreamState.Phase.RECONNECTING,
                        "the port-forward to pod " + forward.endpoint().pod() + " broke (" + forward.lastProblem()
                                + "); opened a new one on " + address, clock.instant()));
            }
            return address;
        } catch (IllegalStateException e) {
            stateChanged(forward.endpoint().node(), new StreamState(StreamState.Phase.RECONNECTING,
                    e.getMessage(), clock.instant()));
            return forward.lastAddress(); // never null: start() opened the first forward or failed
        }
    }

    private void stateChanged(String node, StreamState state) {
        states.put(node, state);
        try {
            listener.onState(node, state);
        } catch (RuntimeException e) {
            // a listener bug must not stop the stream thread; the state is still kept in states
        }
    }

    private void renewLease() {
        try {
            deployment.renewLeaseIfDue();
        } catch (RuntimeException e) {
            // the next check tries again; a scheduled task that throws would never run again
        }
    }

    /** The nodes being streamed. */
    public synchronized List<String> nodes() {
        return List.copyOf(streams.keySet());
    }

    /** A node's latest stream state. */
    public Optional<StreamState> state(String node) {
        return Optional.ofNullable(states.get(node));
    }

    /** Every streamed node's latest state. */
    public Map<String, StreamState> states() {
        return Map.copyOf(states);
    }

    /** A node's port-forward, for the session bar ("via 127.0.0.1:41234"). */
    public synchronized Optional<SensorPortForward> forward(String node) {
        return Optional.ofNullable(forwards.get(node));
    }

    public CaptureStore store() {
        return store;
    }

    /** Stops the streams, then the lease renewal, then the forwards. The sensors stay in the cluster. */
    @Override
    public void close() {
        List<SensorStream> toStop;
        List<SensorPortForward> toClose;
        ScheduledExecutorService scheduler;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(streams.values());
            toClose = new ArrayList<>(forwards.values());
            scheduler = leaseScheduler;
        }
        try {
            toStop.forEach(SensorStream::close);
        } finally {
            try {
                if (scheduler != null) {
                    scheduler.shutdownNow();
                    awaitQuietly(scheduler);
                }
            } finally {
                toClose.forEach(SensorPortForward::close);
            }
        }
    }

    /** Closes the session, then removes the sensors from the cluster, waiting up to {@code timeout}. */
    public TeardownReport stop(Duration timeout) {
        close();
        return deployment.stop(timeout);
    }

    private static void awaitQuietly(ScheduledExecutorService scheduler) {
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
