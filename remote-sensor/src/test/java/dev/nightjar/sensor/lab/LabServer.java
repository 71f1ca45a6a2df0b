package dev.nightjar.sensor.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in its own process inside a pod of the lab ({@code ip netns exec}), so
 * a flow's client and server are two processes with two pids, as in a cluster.
 * It prints one line when it listens, serves {@code count} connections (TCP,
 * one after another) or datagrams (UDP), then exits; every wait is bounded.
 *
 * <ul>
 * <li>{@code tcp-reply}: read each connection to EOF, answer {@code reply} bytes, close;</li>
 * <li>{@code tcp-echo}: echo each connection until EOF;</li>
 * <li>{@code udp-echo}: answer each datagram with {@code reply} bytes.</li>
 * </ul>
 */
public final class LabServer implements AutoCloseable {

    private static final int TIMEOUT_MS = 20_000;

    private final Process process;

    private LabServer(Process process) {
        this.process = process;
    }

    /** Starts the server in {@code pod} and waits until it listens. */
    public static LabServer start(NetnsLab.Pod pod, String mode, InetAddress address, int port, int count, int reply) {
        List<String> command = List.of("ip", "netns", "exec", pod.namespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LabServer.class.getName(),
                mode, address.getHostAddress(), Integer.toString(port), Integer.toString(count), Integer.toString(reply));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening")) {
                p.destroyForcibly();
                throw new IllegalStateException("lab server " + mode + " did not start: " + line);
            }
            return new LabServer(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the lab server: " + e.getMessage(), e);
        }
    }

    /** The server's pid (ip netns exec replaces itself with java). */
    public long pid() {
        return process.pid();
    }

    /** Waits for the server to serve its count and exit. */
    public void awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("lab server still running after " + TIMEOUT_MS + " ms");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("lab server failed (exit " + process.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
        int count = Integer.parseInt(args[3]);
        int reply = Integer.parseInt(args[4]);
        if (mode.startsWith("udp")) {
            udpEcho(address, count, reply);
        } else {
            tcp(address, mode.equals("tcp-echo"), count, reply);
        }
    }

    private static void tcp(InetSocketAddress address, boolean echo, int count, int reply) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(address);
            server.setSoTimeout(TIMEOUT_MS);
            System.out.println("listening");
            System.out.flush();
            for (int i = 0; i < count; i++) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(TIMEOUT_MS);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buffer = new byte[16_384];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (echo) {
                            out.write(buffer, 0, n);
                        }
                    }
                    if (!echo) {
                        out.write(new byte[reply]);
                    }
                }
            }
        }
    }

    private static void udpEcho(InetSocketAddress address, int count, int reply) throws IOException {
        try (DatagramSocket s = new DatagramSocket(address)) {
            s.setSoTimeout(TIMEOUT_MS);
            System.out.println("listening");
            System.out.flush();
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            for (int i = 0; i < count; i++) {
                packet.setLength(buffer.length);
                s.receive(packet);
                s.send(new DatagramPacket(new byte[reply], reply, packet.getSocketAddress()));
            }
        }
    }
}
