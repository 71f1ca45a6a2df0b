package dev.nightjar.desktop.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of the mock API server that can turn into a black hole:
 * once {@link #blackHole()} is called it still accepts connections and reads every byte sent
 * on them, old and new, but forwards nothing and answers nothing — an API server behind a VPN
 * that just went down, as the desktop sees it. Until then it relays both ways.
 */
final class BlackHoleProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackHole;

    BlackHoleProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("test-blackhole-accept").start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on nothing is forwarded and nothing is answered; connections stay open and are read. */
    void blackHole() {
        blackHole = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Socket upstream = blackHole ? null : new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                if (upstream != null) {
                    sockets.add(upstream);
                    Thread.ofPlatform().daemon().name("test-blackhole-up").start(() -> pump(client, upstream));
                    Thread.ofPlatform().daemon().name("test-blackhole-down").start(() -> pump(upstream, client));
                } else {
                    Thread.ofPlatform().daemon().name("test-blackhole-sink").start(() -> pump(client, null));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies {@code from} to {@code to} until the hole opens; after that only reads. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!blackHole && out != null) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
