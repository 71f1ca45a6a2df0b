package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.FrontDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the kubelet's end of a pod port-forward for the mock API server: a request for
 * {@code /api/v1/namespaces/NS/pods/POD/portforward?ports=P} is upgraded to a WebSocket
 * that speaks the {@code v4.channel.k8s.io} port-forward protocol and is bridged to a
 * real TCP connection to {@code 127.0.0.1:targetPort}. As the kubelet does, it first
 * sends one message per channel carrying the forwarded port (2 bytes, little endian);
 * after that, data travels on channel 0 (first byte 0) and errors on channel 1.
 * Every other request goes to the mock's CRUD dispatcher.
 */
final class PortForwardBridge implements AutoCloseable {

    private static final Pattern PORTFORWARD =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward\\?ports=(\\d+)");
    private static final byte DATA = 0;
    private static final byte ERROR = 1;

    private final ToIntFunction<String> targetPortOfPod;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** @param targetPort the loopback TCP port every forwarded connection is bridged to */
    PortForwardBridge(int targetPort) {
        this(pod -> targetPort);
    }

    /** @param targetPortOfPod the loopback TCP port a pod's forwarded connections are bridged to */
    PortForwardBridge(ToIntFunction<String> targetPortOfPod) {
        this.targetPortOfPod = targetPortOfPod;
    }

    /** Wraps the mock's dispatcher: port-forward requests come here, the rest goes on. */
    Dispatcher around(Dispatcher crud) {
        return FrontDispatcher.before(crud, request -> {
            Matcher m = PORTFORWARD.matcher(request.getPath());
            if (!m.matches()) {
                return null;
            }
            requests.add(request.getMethod() + " " + request.getPath());
            return new MockResponse().withWebSocketUpgrade(new Link(Integer.parseInt(m.group(3)),
                    targetPortOfPod.applyAsInt(m.group(2))));
        });
    }

    /** "GET /api/v1/…/portforward?ports=7700" for every port-forward WebSocket requested. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** WebSockets opened so far. */
    int linksOpened() {
        return links.size();
    }

    /** WebSockets still bridged. */
    long linksOpen() {
        return links.stream().filter(l -> !l.closed.get()).count();
    }

    /**
     * Breaks every open link as the kubelet does when the connection inside the pod
     * fails: a message on the error channel, then the WebSocket and the TCP connection close.
     */
    void breakWithError(String kubeletMessage) {
        links.forEach(l -> l.fail(kubeletMessage));
    }

    /** Ends every open link without an error message, as an API server restart would. */
    void dropAll() {
        links.forEach(l -> l.close(1001, "going away"));
    }

    @Override
    public void close() {
        dropAll();
    }

    /** One forwarded connection: a WebSocket from the client, a TCP socket to the target. */
    private final class Link extends WebSocketListener {
        private final int port;
        private final int targetPort;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile WebSocket ws;
        private volatile Socket socket;

        Link(int port, int targetPort) {
            this.port = port;
            this.targetPort = targetPort;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            ws = webSocket;
            links.add(this);
            byte[] portBytes = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
            webSocket.send(new byte[] {DATA, portBytes[0], portBytes[1]});
            webSocket.send(new byte[] {ERROR, portBytes[0], portBytes[1]});
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            } catch (IOException e) {
                fail("error forwarding port " + port + ": " + e.getMessage());
                return;
            }
            Thread pump = new Thread(this::pumpToClient, "test-portforward-pump");
            pump.setDaemon(true);
            pump.start();
        }

        private void pumpToClient() {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while (!closed.get() && (n = in.read(buf, 1, buf.length - 1)) >= 0) {
                    buf[0] = DATA;
                    ws.send(Arrays.copyOf(buf, n + 1));
                }
            } catch (IOException e) {
                // the socket was closed under us: the link is going down either way
            }
            close(1000, "target closed");
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            if (bytes.length < 2 || bytes[0] != DATA || socket == null) {
                return; // the client sends nothing on the error channel
            }
            try {
                socket.getOutputStream().write(bytes, 1, bytes.length - 1);
            } catch (IOException e) {
                fail("error forwarding port " + port + ": " + e.getMessage());
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            close(code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            close(code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            close(1011, "failure");
        }

        void fail(String message) {
            if (closed.get() || ws == null) {
                return;
            }
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[text.length + 1];
            frame[0] = ERROR;
            System.arraycopy(text, 0, frame, 1, text.length);
            ws.send(frame);
            close(1000, "");
        }

        void close(int code, String reason) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                Socket s = socket;
                if (s != null) {
                    s.close();
                }
            } catch (IOException e) {
                // already closed
            } finally {
                WebSocket w = ws;
                if (w != null) {
                    w.close(code, reason);
                }
            }
        }
    }
}
