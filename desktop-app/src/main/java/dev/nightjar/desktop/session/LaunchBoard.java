package dev.nightjar.desktop.session;

import dev.nightjar.desktop.stream.StreamState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The launch table's model: for every node of a capture, one {@link NodeLaunch} that follows
 * the pod (Pending → pulling → running) and then the stream (streaming, reconnecting), with
 * the reason at each step. A pod that ends after it ran is a sensor that is <em>gone</em>,
 * told apart from a broken port-forward (the pod still runs; the stream reconnects).
 *
 * <p>Thread-safe: pod statuses arrive on informer threads, stream states on stream threads;
 * listeners are called on those threads and hand over to the UI themselves.
 */
public final class LaunchBoard {

    private final Clock clock;
    private final Map<String, NodeLaunch> rows = new LinkedHashMap<>();
    private final Set<String> ran = ConcurrentHashMap.newKeySet();
    private final List<Consumer<NodeLaunch>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean redeployAllowed = true;
    private boolean stopped;

    public LaunchBoard(List<String> nodes, Clock clock) {
        this.clock = clock;
        for (String node : nodes) {
            rows.put(node, new NodeLaunch(node, "", LaunchStep.CREATING, "the sensor pod is being created",
                    clock.instant(), false));
        }
    }

    /** Attach mode cannot redeploy (the DaemonSet owns the pods); its rows never offer it. */
    public void allowRedeploy(boolean allowed) {
        redeployAllowed = allowed;
    }

    public void addListener(Consumer<NodeLaunch> listener) {
        listeners.add(listener);
    }

    /** Every node's row, in the capture's node order. */
    public synchronized List<NodeLaunch> rows() {
        return List.copyOf(rows.values());
    }

    public synchronized NodeLaunch row(String node) {
        return rows.get(node);
    }

    /** A pod's status changed. */
    public void onPodStatus(SensorPodStatus s) {
        NodeLaunch changed;
        synchronized (this) {
            NodeLaunch now = rows.get(s.node());
            if (now == null || stopped) {
                return;
            }
            if (!s.pod().equals(now.pod())) {
                ran.remove(s.node()); // a new generation: it has not run yet
            }
            LaunchStep step = switch (s.stage()) {
                case PENDING, SCHEDULED -> "being created".equals(s.message()) ? LaunchStep.CREATING : LaunchStep.PENDING;
                case PULLING_IMAGE -> LaunchStep.PULLING;
                case STARTING -> LaunchStep.STARTING;
                case RUNNING -> streamingStep(now);
                case REJECTED -> LaunchStep.REJECTED;
                case NODE_NOT_READY -> LaunchStep.NOT_READY;
                case UNSCHEDULABLE -> LaunchStep.UNSCHEDULABLE;
                case IMAGE_PULL_FAILED -> LaunchStep.PULL_FAILED;
                case NOT_INSTALLED -> LaunchStep.NO_SENSOR;
                case FAILED, GONE -> ran.contains(s.node()) ? LaunchStep.GONE : LaunchStep.FAILED;
            };
            if (s.stage() == SensorPodStage.RUNNING) {
                ran.add(s.node());
            }
            String reason = step == LaunchStep.GONE ? goneMessage(s)
                    : step == LaunchStep.STREAMING || step == LaunchStep.RECONNECTING ? now.reason() : s.message();
            changed = put(new NodeLaunch(s.node(), s.pod(), step, reason, since(now, step), false));
        }
        tell(changed);
    }

    /** A node's stream state changed; it matters only while the pod runs. */
    public void onStream(String node, StreamState state) {
        NodeLaunch changed;
        synchronized (this) {
            NodeLaunch now = rows.get(node);
            if (now == null || stopped || !(now.step() == LaunchStep.RUNNING || now.step() == LaunchStep.STREAMING
                    || now.step() == LaunchStep.RECONNECTING)) {
                return; // a gone or failed sensor's last words do not bring it back
            }
            LaunchStep step = switch (state.phase()) {
                case CONNECTING -> LaunchStep.RUNNING;
                case STREAMING -> LaunchStep.STREAMING;
                case RECONNECTING -> LaunchStep.RECONNECTING;
                case FAILED -> LaunchStep.FAILED;
                case STOPPED -> null;
            };
            if (step == null) {
                return;
            }
            changed = put(new NodeLaunch(node, now.pod(), step, state.detail(), since(now, step), false));
        }
        tell(changed);
    }

    /** The port-forward to a running pod could not be opened. */
    public void forwardFailed(String node, String why) {
        NodeLaunch changed;
        synchronized (this) {
            NodeLaunch now = rows.get(node);
            if (now == null || stopped) {
                return;
            }
            changed = put(new NodeLaunch(node, now.pod(), LaunchStep.RECONNECTING, why, since(now,
                    LaunchStep.RECONNECTING), false));
        }
        tell(changed);
    }

    /** The capture was stopped: every row says so and nothing changes any more. */
    public void stopped() {
        List<NodeLaunch> all;
        synchronized (this) {
            if (stopped) {
                return;
            }
            rows.replaceAll((node, r) -> r.step().isProblem() ? r
                    : new NodeLaunch(node, r.pod(), LaunchStep.STOPPED, "stopped", clock.instant(), false));
            stopped = true;
            all = List.copyOf(rows.values());
        }
        all.forEach(this::tell);
    }

    /** "3 of 5 streaming · 1 pulling image · 1 sensor gone". */
    public synchronized String summary() {
        Map<LaunchStep, Integer> counts = new LinkedHashMap<>();
        rows.values().forEach(r -> counts.merge(r.step(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        sb.append(counts.getOrDefault(LaunchStep.STREAMING, 0)).append(" of ").append(rows.size()).append(" streaming");
        counts.forEach((step, n) -> {
            if (step != LaunchStep.STREAMING) {
                sb.append(" · ").append(n).append(' ').append(step.title().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return sb.toString();
    }

    private NodeLaunch put(NodeLaunch row) {
        boolean redeployable = redeployAllowed && !stopped && (row.step() == LaunchStep.GONE
                || row.step() == LaunchStep.FAILED || row.step() == LaunchStep.REJECTED);
        NodeLaunch withFlag = new NodeLaunch(row.node(), row.pod(), row.step(), row.reason(), row.since(), redeployable);
        NodeLaunch before = rows.put(row.node(), withFlag);
        return withFlag.equals(before) ? null : withFlag;
    }

    private void tell(NodeLaunch row) {
        if (row == null) {
            return;
        }
        for (Consumer<NodeLaunch> l : listeners) {
            try {
                l.accept(row);
            } catch (RuntimeException e) {
                // a listener's bug must not stop the thread that reports
            }
        }
    }

    private static LaunchStep streamingStep(NodeLaunch now) {
        return now.step() == LaunchStep.STREAMING || now.step() == LaunchStep.RECONNECTING ? now.step()
                : LaunchStep.RUNNING;
    }

    private java.time.Instant since(NodeLaunch now, LaunchStep step) {
        return now.step() == step ? now.since() : clock.instant();
    }

    /** "the sensor on worker-3 is gone (pod Completed: idle exit)". */
    static String goneMessage(SensorPodStatus s) {
        return "the sensor on " + s.node() + " is gone (" + (s.ending().isEmpty() ? s.message() : s.ending()) + ")";
    }
}
