package dev.nightjar.desktop.session;

import dev.nightjar.desktop.stream.SensorAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A port-forward to one sensor pod's gRPC port, on an ephemeral port of 127.0.0.1.
 * fabric8 opens one API-server WebSocket per local TCP connection; when one of them
 * ends in an error (the kubelet lost the pod's port, the API server dropped the
 * stream) or the local listener stops, the forward is dead, and {@link #address()}
 * opens a fresh one in its place so the next connection attempt has somewhere to go.
 *
 * <p>Only the pod's name and namespace are used: nothing here reads or writes a pod
 * object, so no informer-cached object is ever touched.
 */
public final class SensorPortForward implements AutoCloseable {

    private final KubernetesClient client;
    private final SensorEndpoint endpoint;
    private LocalPortForward forward;
    private SensorAddress address;
    private String lastProblem;
    private int opened;
    private boolean closed;

    public SensorPortForward(KubernetesClient client, SensorEndpoint endpoint) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    public SensorEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Where the sensor is reachable now: the current forward if it is alive, otherwise a
     * new one (the dead one is closed).
     *
     * @throws IllegalStateException if no forward could be opened, with a message for the user
     */
    public synchronized SensorAddress address() {
        if (closed) {
            throw new IllegalStateException("The port-forward to " + describe() + " is closed.");
        }
        if (forward != null && !isDead(forward)) {
            return address;
        }
        LocalPortForward old = forward;
        if (old != null) {
            lastProblem = problemOf(old);
        }
        try {
            forward = client.pods().inNamespace(endpoint.namespace()).withName(endpoint.pod())
                    .portForward(endpoint.port(), InetAddress.getLoopbackAddress(), 0);
            address = new SensorAddress(forward.getLocalAddress().getHostAddress(), forward.getLocalPort());
            opened++;
            return address;
        } catch (RuntimeException e) {
            forward = null;
            throw new IllegalStateException("Could not open a port-forward to " + describe() + ": "
                    + e.getMessage() + ". Check that the pod still runs and that you may create pods/portforward"
                    + " in namespace " + endpoint.namespace() + ".", e);
        } finally {
            closeQuietly(old);
        }
    }

    /** The address of the last forward opened, without checking or re-opening it; null before the first. */
    public synchronized SensorAddress lastAddress() {
        return address;
    }

    /** How many forwards were opened so far (1 after the first, +1 per re-creation). */
    public synchronized int forwardsOpened() {
        return opened;
    }

    /** Why the previous forward was replaced, or null if none was. */
    public synchronized String lastProblem() {
        return lastProblem;
    }

    /** The current forward is alive (listening) and none of its connections failed. */
    public synchronized boolean isAlive() {
        return forward != null && !isDead(forward);
    }

    private static boolean isDead(LocalPortForward f) {
        return !f.isAlive() || f.errorOccurred();
    }

    private static String problemOf(LocalPortForward f) {
        List<Throwable> all = new ArrayList<>(f.getServerThrowables());
        all.addAll(f.getClientThrowables());
        if (all.isEmpty()) {
            return f.isAlive() ? "the port-forward failed" : "the port-forward stopped listening";
        }
        Throwable last = all.getLast();
        return last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
    }

    private String describe() {
        return "pod " + endpoint.namespace() + "/" + endpoint.pod() + " port " + endpoint.port()
                + " (node " + endpoint.node() + ")";
    }

    private static void closeQuietly(LocalPortForward f) {
        if (f == null) {
            return;
        }
        try {
            f.close();
        } catch (IOException | RuntimeException e) {
            // closing a dead forward may fail again; there is nothing left to release
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeQuietly(forward);
        } finally {
            forward = null;
        }
    }
}
