package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback between a real client and a real server that records every read as a
 * {@link SocketChunk}, as the server's socket would see it (role SERVER: what the client sent is
 * RECEIVED). Reads are the relay's own, so their boundaries are those of real traffic on
 * loopback, like the calls the kernel capture reports. Closes are recorded too; {@link #replay}
 * feeds everything in order to a sink.
 */
final class RecordingRelay implements AutoCloseable {

    /** One recorded read, or a close when {@code chunk} is null. */
    record Recorded(SocketChunk chunk, long closedId, long timestampNs) {
    }

    private static final int READ_BYTES = 64 * 1024;
    private static final int MAX_RECORDS = 100_000;

    private final ServerSocket listener;
    private final int serverPort;
    private final List<Recorded> records = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Thread acceptor;

    RecordingRelay(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("relay-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                long id = nextId.getAndIncrement();
                int clientPort = client.getPort();
                Thread.ofPlatform().daemon().start(() -> pump(id, client, server, clientPort, ChunkDirection.RECEIVED));
                Thread.ofPlatform().daemon().start(() -> pump(id, server, client, clientPort, ChunkDirection.SENT));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(long id, Socket from, Socket to, int clientPort, ChunkDirection direction) {
        byte[] buffer = new byte[READ_BYTES];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                record(new Recorded(chunk(id, clientPort, direction, Arrays.copyOf(buffer, n)), 0, 0));
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed: end this direction too
        }
        try {
            if (direction == ChunkDirection.RECEIVED) {
                to.shutdownOutput();
            } else {
                to.close();
                from.close();
                record(new Recorded(null, id, now()));
            }
        } catch (IOException e) {
            // already closed
        }
    }

    private SocketChunk chunk(long id, int clientPort, ChunkDirection direction, byte[] data) {
        byte[] loopback = {127, 0, 0, 1};
        return new SocketChunk(id, now(), 4242, 4243, "server", 77, 4026531840L, 9, loopback, serverPort,
                loopback, clientPort, 6, SocketRole.SERVER, direction, false, data.length, data);
    }

    private void record(Recorded r) {
        synchronized (records) {
            if (records.size() < MAX_RECORDS) {
                records.add(r);
            }
        }
    }

    List<Recorded> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The recorded chunks only. */
    List<SocketChunk> chunks() {
        return records().stream().filter(r -> r.chunk() != null).map(Recorded::chunk).toList();
    }

    /** Feeds every record to the sink in order, then ticks it past the interval so stats flush. */
    void replay(SocketChunkSink sink) {
        long last = 0;
        for (Recorded r : records()) {
            if (r.chunk() != null) {
                sink.chunk(r.chunk());
                last = r.chunk().timestampNs();
            } else {
                sink.closed(r.closedId(), r.timestampNs());
                last = r.timestampNs();
            }
        }
        sink.tick(last + 2 * RequestAssembler.INTERVAL_NS);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
