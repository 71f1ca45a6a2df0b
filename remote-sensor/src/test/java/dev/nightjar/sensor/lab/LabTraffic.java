package dev.nightjar.sensor.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/** Real traffic between the lab's pods: client code in A, servers in B. Every wait is bounded. */
public final class LabTraffic {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TIMEOUT_MS = 5_000;

    private LabTraffic() {
    }

    /** A port that nothing in a fresh lab listens on. */
    public static int randomPort() {
        return 20_000 + RANDOM.nextInt(20_000);
    }

    /** What the client of an exchange saw. */
    public record Client(InetSocketAddress local, InetSocketAddress remote, String comm, long bytesSent,
                         long bytesReceived) {
    }

    /** The calling thread's name as the kernel knows it (task comm). */
    public static String threadComm() {
        try {
            return Files.readString(Path.of("/proc/thread-self/comm")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TCP server in B accepts one connection, reads to EOF and answers
     * {@code replyBytes}; a client in A sends {@code sendBytes}, half-closes,
     * reads the answer to EOF and closes.
     */
    public static Client tcpExchange(NetnsLab lab, boolean ipv6, int port, int sendBytes, int replyBytes) {
        InetAddress serverAddress = lab.b().address(ipv6);
        CompletableFuture<ServerSocket> listening = new CompletableFuture<>();
        CompletableFuture<Long> served = lab.startIn(lab.b(), "nj-lab-server", () -> {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(serverAddress, port));
                server.setSoTimeout(TIMEOUT_MS);
                listening.complete(server);
                try (Socket s = server.accept()) {
                    s.setSoTimeout(TIMEOUT_MS);
                    long read = drain(s.getInputStream());
                    write(s.getOutputStream(), replyBytes);
                    return read;
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
                throw e;
            }
        });
        NetnsLab.await(listening);
        Client client = tcpClient(lab, ipv6, port, sendBytes);
        long serverRead = NetnsLab.await(served);
        if (serverRead != sendBytes || client.bytesReceived() != replyBytes) {
            throw new IllegalStateException("the lab exchange itself went wrong: server read " + serverRead
                    + " of " + sendBytes + ", client read " + client.bytesReceived() + " of " + replyBytes);
        }
        return client;
    }

    /**
     * A client in A connects to {@code port} on B, sends {@code sendBytes}, half-closes,
     * reads the answer to EOF and closes.
     */
    public static Client tcpClient(NetnsLab lab, boolean ipv6, int port, int sendBytes) {
        InetAddress serverAddress = lab.b().address(ipv6);
        return lab.runIn(lab.a(), "nj-lab-client", () -> {
            try (Socket s = new Socket()) {
                s.setSoTimeout(TIMEOUT_MS);
                s.connect(new InetSocketAddress(serverAddress, port), TIMEOUT_MS);
                write(s.getOutputStream(), sendBytes);
                s.shutdownOutput();
                long received = drain(s.getInputStream());
                return new Client((InetSocketAddress) s.getLocalSocketAddress(),
                        (InetSocketAddress) s.getRemoteSocketAddress(), threadComm(), sendBytes, received);
            }
        });
    }

    /**
     * A client in A connects to {@code address:port} without binding first, so the kernel
     * picks its port inside connect(), and gives up after {@code timeoutMs} (0: waits for
     * the kernel to give up). Returns how the attempt ended.
     */
    public static String connectUnbound(NetnsLab lab, InetAddress address, int port, int timeoutMs) {
        return lab.runIn(lab.a(), "nj-lab-connect", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), timeoutMs);
                return "connected";
            } catch (IOException expected) {
                return expected.getClass().getSimpleName() + ": " + expected.getMessage();
            }
        });
    }

    /**
     * A client in A connects to {@code port} on B and gives up after
     * {@code timeoutMs}. Returns the client's local address (bound before connecting).
     */
    public static InetSocketAddress connectAttempt(NetnsLab lab, boolean ipv6, int port, int timeoutMs) {
        InetAddress local = lab.a().address(ipv6);
        return lab.runIn(lab.a(), "nj-lab-connect", () -> {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(local, 0));
                InetSocketAddress bound = (InetSocketAddress) s.getLocalSocketAddress();
                try {
                    s.connect(new InetSocketAddress(lab.b().address(ipv6), port), timeoutMs);
                } catch (ConnectException | SocketTimeoutException expected) {
                    // refused (RST) or no answer (dropped): both are what the caller provokes
                }
                return bound;
            }
        });
    }

    /** Sends {@code count} datagrams of {@code size} bytes from A to {@code port} on B; returns A's local address. */
    public static InetSocketAddress udpSend(NetnsLab lab, boolean ipv6, int port, int count, int size) {
        InetAddress local = lab.a().address(ipv6);
        return lab.runIn(lab.a(), "nj-lab-udp", () -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0))) {
                byte[] payload = new byte[size];
                for (int i = 0; i < count; i++) {
                    s.send(new DatagramPacket(payload, size, new InetSocketAddress(lab.b().address(ipv6), port)));
                }
                return (InetSocketAddress) s.getLocalSocketAddress();
            }
        });
    }

    /**
     * A UDP server in B receives {@code count} datagrams and answers the last
     * with {@code replySize} bytes; the client in A sends them from one
     * unconnected socket and reads the answer.
     */
    public static Client udpExchange(NetnsLab lab, boolean ipv6, int port, int count, int size, int replySize) {
        InetAddress serverAddress = lab.b().address(ipv6);
        CompletableFuture<Void> bound = new CompletableFuture<>();
        CompletableFuture<Integer> served = lab.startIn(lab.b(), "nj-lab-udpsrv", () -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(serverAddress, port))) {
                s.setSoTimeout(TIMEOUT_MS);
                bound.complete(null);
                byte[] buffer = new byte[65_536];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                for (int i = 0; i < count; i++) {
                    packet.setLength(buffer.length);
                    s.receive(packet);
                }
                s.send(new DatagramPacket(new byte[replySize], replySize, packet.getSocketAddress()));
                return count;
            } catch (IOException | RuntimeException e) {
                bound.completeExceptionally(e);
                throw e;
            }
        });
        NetnsLab.await(bound);
        Client client = lab.runIn(lab.a(), "nj-lab-udpcli", () -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lab.a().address(ipv6), 0))) {
                s.setSoTimeout(TIMEOUT_MS);
                byte[] payload = new byte[size];
                InetSocketAddress server = new InetSocketAddress(serverAddress, port);
                for (int i = 0; i < count; i++) {
                    s.send(new DatagramPacket(payload, size, server));
                }
                DatagramPacket reply = new DatagramPacket(new byte[65_536], 65_536);
                s.receive(reply);
                return new Client((InetSocketAddress) s.getLocalSocketAddress(), server, threadComm(),
                        (long) count * size, reply.getLength());
            }
        });
        NetnsLab.await(served);
        return client;
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[16_384];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
        }
        return total;
    }

    private static void write(OutputStream out, int bytes) throws IOException {
        byte[] chunk = new byte[16_384];
        int left = bytes;
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
    }
}
