package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * fabric8's mock API server in CRUD mode, with expectations on top (an expected
 * request gets its canned answer, everything else is stored and served like a real API
 * server would). Two clients on the app's HTTP client ({@link KubeHttpClientFactory}, OkHttp):
 * {@link #client()} is the desktop's;
 * {@link #simulator()} plays the kubelet, the scheduler or another user, and tags its
 * requests with its own User-Agent so tests can tell the two apart.
 */
public final class MockApiServer implements AutoCloseable {

    public static final String SIMULATOR_AGENT = "nightjar-test-cluster-simulator";

    private final KubernetesMockServer server;
    private final MockWebServer web;
    private final KubernetesClient client;
    private final KubernetesClient simulator;

    public MockApiServer() {
        this(false);
    }

    public MockApiServer(boolean https) {
        this(https, UnaryOperator.identity());
    }

    /**
     * @param around wraps the CRUD-and-expectations dispatcher, e.g. to route a path the
     *               mock cannot serve (a pod's port-forward WebSocket) to a test's own handler
     */
    public MockApiServer(boolean https, UnaryOperator<Dispatcher> around) {
        this(https, around, InetAddress.getLoopbackAddress());
    }

    /**
     * @param bind the loopback address to listen on: 127.0.0.2 is one the https certificate
     *             (localhost, 127.0.0.1) does not name, for tls-server-name tests
     */
    public MockApiServer(boolean https, UnaryOperator<Dispatcher> around, InetAddress bind) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        web = new MockWebServer();
        server = new KubernetesMockServer(new Context(), web, responses,
                around.apply(new WatchClosesOffTheEventLoop(new KubernetesMixedDispatcher(responses))), https);
        server.init(bind, 0);
        client = server.createClient(new KubeHttpClientFactory());
        simulator = server.createClient(b -> b.withHttpClientFactory(new KubeHttpClientFactory())
                .editOrNewConfig().withUserAgent(SIMULATOR_AGENT).endConfig());
    }

    public KubernetesMockServer server() {
        return server;
    }

    /**
     * The https server's self-signed certificate (for localhost and 127.0.0.1), base64 as a
     * kubeconfig's {@code certificate-authority-data} holds it.
     */
    public String certificateAuthorityData() {
        try {
            return Base64.getEncoder().encodeToString(
                    Files.readAllBytes(Path.of(web.getSelfSignedCertificate().certificatePath())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client the code under test uses. */
    public KubernetesClient client() {
        return client;
    }

    /** The client the test uses to play the rest of the cluster. */
    public KubernetesClient simulator() {
        return simulator;
    }

    /** Every request received since the last call, in order, the simulator's included. */
    public List<RecordedRequest> takeRequests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    public static boolean fromSimulator(RecordedRequest r) {
        String agent = r.getHeader("User-Agent");
        return agent != null && agent.contains(SIMULATOR_AGENT);
    }

    @Override
    public void close() {
        client.close();
        simulator.close();
        try {
            server.destroy();
        } catch (IllegalStateException slowToClose) {
            // Informers' watch connections close on the client's threads, after client.close()
            // returns; on a loaded machine the server's 10 s shutdown wait can run out first.
            // The server is the test's own, on an ephemeral port: nothing outlives the JVM.
            System.getLogger(MockApiServer.class.getName()).log(System.Logger.Level.WARNING,
                    "mock API server did not close in time: " + slowToClose.getMessage());
        }
    }
}
