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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The streaming half of a Kubernetes session: for every running sensor pod of a
 * {@link SensorSource}, a {@link SensorPortForward} and a {@link SensorStream} with the
 * session token, all feeding one {@link CaptureStore}.
 *
 * <p>Nodes join when their pod runs, whenever that is: a pod that was still pulling its image
 * when the capture opened starts streaming the moment it runs. A sensor whose pod ends (idle
 * exit after the laptop slept, the pod's deadline, someone deleted it) is <em>gone</em>: its
 * stream is closed and the {@link LaunchBoard} says how it ended and offers a redeploy,
 * instead of reconnecting to nothing forever. A forward that died under a running pod is
 * re-created when the stream asks for its address before the next attempt, so a broken
 * forward shows as RECONNECTING and then STREAMING again, with the gap recorded in the store.
 *
 * <p>{@link #close()} stops the streams and the forwards and leaves the sensors in the
 * cluster; {@link #stop(Duration)} closes and then ends the source (removes deployed sensors).
 */
public final class ClusterSensorSession implements AutoCloseable {

    /** Told every change of a node's stream state, on stream threads; the UI hands it to its own thread. */
    @FunctionalInterface
    public interface StateListener {
        StateListener NONE = (node, state) -> { };

        void onState(String node, StreamState state);
    }

    /** The deployment's lease thread, so a test can prove none outlives Stop. */
    public static final String THREAD_NAME = SessionTimer.THREAD_NAME;
    private static final Duration FIRST_NODE_POLL = Duration.ofMillis(50);

    private final KubernetesClient client;
    private final SensorSource source;
    private final CaptureStore store;
    private final SubscribeRequest request;
    private final StateListener listener;
    private final Clock clock;
    private final LaunchBoard board;
    private final Map<String, SensorPortForward> forwards = new LinkedHashMap<>();
    private final Map<String, SensorStream> streams = new LinkedHashMap<>();
    private final Map<String, StreamState> states = new ConcurrentHashMap<>();
    /** Each node's own request once the user retargeted it; a node's new pod is subscribed with it too. */
    private final Map<String, SubscribeRequest> requests = new LinkedHashMap<>();
    private final ExecutorService joiner = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("nightjar-session-join-", 0).factory());
    private boolean started;
    private boolean closed;

    public ClusterSensorSession(KubernetesClient client, SensorSource source, CaptureStore store,
                                SubscribeRequest request, StateListener listener, Clock clock) {
        this(client, source, store, request, listener, clock, null);
    }

    /** @param board the launch table to keep up to date; null for a board of its own */
    public ClusterSensorSession(KubernetesClient client, SensorSource source, CaptureStore store,
                                SubscribeRequest request, StateListener listener, Clock clock, LaunchBoard board) {
        this.client = Objects.requireNonNull(client, "client");
        this.source = Objects.requireNonNull(source, "source");
        this.store = Objects.requireNonNull(store, "store");
        this.request = Objects.requireNonNull(request, "request");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.board = board != null ? board : new LaunchBoard(List.copyOf(source.status().keySet()), clock);
        this.board.allowRedeploy(source.canRedeploy());
    }

    /**
     * Opens a forward and a stream for every sensor pod that runs now, and from then on for
     * every pod that starts running. A forward that cannot be opened leaves its node
     * reconnecting in the launch table; the others go on.
     *
     * @return the nodes streamed right away, in the source's order
     */
    public List<String> start() {
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException("A ClusterSensorSession starts once.");
            }
            started = true;
        }
        source.status().values().forEach(board::onPodStatus);
        source.addPodListener(this::onPodStatus);
        for (SensorEndpoint endpoint : source.runningSensors()) {
            open(endpoint);
        }
        return nodes();
    }

    /** The launch table: every node's step and why. */
    public LaunchBoard board() {
        return board;
    }

    private void onPodStatus(SensorPodStatus status) {
        board.onPodStatus(status);
        if (status.stage() == SensorPodStage.RUNNING) {
            SensorEndpoint endpoint = new SensorEndpoint(status.node(), source.namespace(), status.pod(),
                    SensorPodSpec.LISTEN_PORT);
            if (!streamsPod(endpoint)) {
                joiner.execute(() -> open(endpoint)); // a port-forward is network I/O: not on the informer thread
            }
        } else if (status.stage().isEnded()) {
            closeNode(status.node(), status.pod(), LaunchBoard.goneMessage(status));
        }
    }

    private synchronized boolean streamsPod(SensorEndpoint endpoint) {
        SensorPortForward f = forwards.get(endpoint.node());
        return f != null && f.endpoint().pod().equals(endpoint.pod());
    }

    /** Opens the node's forward and stream, replacing one to an older pod of the node. */
    private void open(SensorEndpoint endpoint) {
        String node = endpoint.node();
        SensorPortForward forward;
        synchronized (this) {
            if (closed || streamsPod(endpoint)) {
                return;
            }
            closeStreamLocked(node);
            forward = new SensorPortForward(client, endpoint);
            forwards.put(node, forward);
        }
        try {
            forward.address(); // opened now, so a failure shows in the table instead of a stream thread
        } catch (IllegalStateException e) {
            board.forwardFailed(node, e.getMessage());
        }
        synchronized (this) {
            if (closed || forwards.get(node) != forward) {
                forward.close();
                return;
            }
            SensorStream stream = new SensorStream(() -> addressFor(forward), source.token().value(),
                    requests.getOrDefault(node, request), store, state -> stateChanged(node, state), clock);
            streams.put(node, stream);
            stream.start();
        }
    }

    /** A pod that ended: its stream and forward go, and the session bar says why. */
    private void closeNode(String node, String pod, String why) {
        SensorStream stream;
        SensorPortForward forward;
        synchronized (this) {
            SensorPortForward f = forwards.get(node);
            if (closed || f == null || !f.endpoint().pod().equals(pod)) {
                return;
            }
            stream = streams.remove(node);
            forward = forwards.remove(node);
        }
        if (stream != null) {
            stream.close();
        }
        forward.close();
        StreamState gone = new StreamState(StreamState.Phase.FAILED, why + "; redeploy it from the Sensors table",
                clock.instant());
        states.put(node, gone);
        notifyListener(node, gone);
    }

    private void closeStreamLocked(String node) {
        SensorStream old = streams.remove(node);
        SensorPortForward oldForward = forwards.remove(node);
        if (old != null) {
            old.close();
        }
        if (oldForward != null) {
            oldForward.close();
        }
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
            if (forward.forwardsOpened() > before && before > 0) { // only this stream's thread opens this forward
                stateChanged(forward.endpoint().node(), new StreamState(StreamState.Phase.RECONNECTING,
                        "the port-forward to pod " + forward.endpoint().pod() + " broke (" + forward.lastProblem()
                                + "); opened a new one on " + address, clock.instant()));
            }
            return address;
        } catch (IllegalStateException e) {
            stateChanged(forward.endpoint().node(), new StreamState(StreamState.Phase.RECONNECTING,
                    e.getMessage(), clock.instant()));
            SensorAddress last = forward.lastAddress();
            return last != null ? last : new SensorAddress("127.0.0.1", 1); // nothing listens: the attempt fails and backs off
        }
    }

    private void stateChanged(String node, StreamState state) {
        states.put(node, state);
        if (state.phase() == StreamState.Phase.RECONNECTING) {
            source.streamBroke(node);
        }
        board.onStream(node, state);
        notifyListener(node, state);
    }

    private void notifyListener(String node, StreamState state) {
        try {
            listener.onState(node, state);
        } catch (RuntimeException e) {
            // a listener bug must not stop the stream thread; the state is still kept in states
        }
    }

    /**
     * Asks {@code node}'s sensor for {@code next} from now on, on its open stream (see
     * {@link SensorStream#retarget}); the other nodes' subscriptions stay as they are. A node of
     * the session that does not stream now is subscribed with it when it does. Blocking: call it
     * off the UI thread.
     *
     * @return what was done, in words
     * @throws IllegalArgumentException no node named (a choice's pids are one node's: never sent to
     *                                  all), a node not in this session, or the sensor refused it
     */
    public String retarget(String node, SubscribeRequest next) {
        Objects.requireNonNull(next, "next");
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("the choice does not say on which node it was made, so no node was"
                    + " asked; choose it again from a row or the target picker of this session");
        }
        SensorStream stream;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The capture was stopped.");
            }
            stream = streams.get(node);
            if (stream == null) {
                if (!source.status().containsKey(node)) {
                    throw new IllegalArgumentException("node " + node + " is not in this session (its nodes: "
                            + String.join(", ", source.status().keySet()) + "); nothing was changed");
                }
                requests.put(node, next);
                return "node " + node + " does not stream now; its sensor is asked for this when it does";
            }
        }
        String done = stream.retarget(next); // outside the lock: it waits for the sensor
        synchronized (this) {
            if (streams.get(node) == stream) {
                requests.put(node, next);
            }
        }
        return done;
    }

    /**
     * Gives a node whose sensor ended a new pod; it joins the capture once it runs. Blocking:
     * call it off the UI thread.
     */
    public void redeploy(String node) throws SensorDeploymentException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The capture was stopped.");
            }
        }
        source.redeploy(node);
    }

    /**
     * Waits until one node streams (its forward and stream are open), or every node's pod is
     * in trouble, or the timeout passes.
     *
     * @return true if a node streams
     */
    public boolean awaitFirstNode(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nodes().isEmpty() && System.nanoTime() < deadline) {
            if (source.status().values().stream().allMatch(st -> st != null && st.stage().isProblem())) {
                break;
            }
            Thread.sleep(FIRST_NODE_POLL.toMillis());
        }
        return !nodes().isEmpty();
    }

    /** One line per node that does not stream now, with why ("node-b: pulling image … (joins when it runs)"). */
    public List<String> notStreaming() {
        List<String> streaming = nodes();
        return source.status().values().stream().filter(st -> st != null && !streaming.contains(st.node()))
                .map(st -> st.node() + ": " + st.message() + (st.stage().isProblem() ? "" : " (joins when it runs)"))
                .toList();
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

    /** Stops the streams, then the forwards; no node joins after this. The sensors stay in the cluster. */
    @Override
    public void close() {
        List<SensorStream> toStop;
        List<SensorPortForward> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(streams.values());
            toClose = new ArrayList<>(forwards.values());
        }
        joiner.shutdownNow();
        try {
            toStop.forEach(SensorStream::close);
        } finally {
            toClose.forEach(SensorPortForward::close);
        }
    }

    /** Closes the session, then ends the source (removes deployed sensors) within {@code timeout}. */
    public TeardownReport stop(Duration timeout) {
        close();
        try {
            return source.end(timeout);
        } finally {
            board.stopped();
        }
    }
}
