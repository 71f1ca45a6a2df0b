package dev.nightjar.desktop.cluster;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a small HTTP CONNECT or SOCKS5 proxy for tests to run as a process of its own
 * ({@link ProxyProcess}), listening on 127.0.0.1. It prints {@code listening PORT}, then one
 * line per tunnel ({@code CONNECT host:port}, {@code SOCKS5 host:port domain|ipv4}), and
 * resolves names only through the {@code host=ip} mappings it is given, as a corporate proxy
 * resolves names the laptop cannot: a client that reaches a mapped name through it proves
 * its traffic went through the proxy. It tunnels to loopback addresses only (test traffic
 * stays on this machine), and exits when standard input closes or after ten minutes.
 *
 * <pre>java -cp TEST_CLASSPATH dev.nightjar.desktop.cluster.LoopbackProxy http|socks5 [host=ip ...]</pre>
 */
public final class LoopbackProxy {

    private static final int TUNNEL_IDLE_MS = 60_000;

    private final boolean socks;
    private final Map<String, String> hosts;

    private LoopbackProxy(boolean socks, Map<String, String> hosts) {
        this.socks = socks;
        this.hosts = hosts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> hosts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            hosts.put(kv[0], kv[1]);
        }
        LoopbackProxy proxy = new LoopbackProxy("socks5".equals(args[0]), hosts);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent test keeps stdin open while it wants the proxy
                }
            } catch (IOException ignored) {
                // parent gone
            }
            System.exit(0);
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                TimeUnit.MINUTES.sleep(10);
            } catch (InterruptedException ignored) {
                // exit anyway
            }
            System.exit(0);
        });
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            say("listening " + server.getLocalPort());
            while (true) {
                Socket client = server.accept();
                Thread.ofPlatform().daemon().start(() -> proxy.serve(client));
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(TUNNEL_IDLE_MS);
            if (socks) {
                socks5(client);
            } else {
                connect(client);
            }
        } catch (IOException e) {
            say("error " + e.getMessage());
        }
    }

    private void connect(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
        String request = in.readLine();
        String header;
        do {
            header = in.readLine();
        } while (header != null && !header.isEmpty());
        OutputStream out = client.getOutputStream();
        String[] parts = request == null ? new String[0] : request.split(" ");
        if (parts.length < 2 || !parts[0].equals("CONNECT")) {
            say("refused " + request);
            out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        int colon = parts[1].lastIndexOf(':');
        String host = parts[1].substring(0, colon);
        int port = Integer.parseInt(parts[1].substring(colon + 1));
        say("CONNECT " + host + ":" + port);
        try (Socket target = open(host, port)) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pump(client, target);
        } catch (IOException e) {
            out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            throw e;
        }
    }

    private void socks5(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        if (in.readUnsignedByte() != 5) {
            say("refused: not SOCKS5");
            return;
        }
        in.readNBytes(in.readUnsignedByte()); // offered methods: we take "no authentication"
        out.write(new byte[] {5, 0});
        out.flush();
        int version = in.readUnsignedByte();
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int type = in.readUnsignedByte();
        String host;
        String kind;
        if (type == 1) {
            byte[] a = in.readNBytes(4);
            host = (a[0] & 255) + "." + (a[1] & 255) + "." + (a[2] & 255) + "." + (a[3] & 255);
            kind = "ipv4";
        } else if (type == 3) {
            host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
            kind = "domain";
        } else {
            say("refused: address type " + type);
            return;
        }
        int port = in.readUnsignedShort();
        if (version != 5 || command != 1) {
            say("refused: command " + command);
            out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
            return;
        }
        say("SOCKS5 " + host + ":" + port + " " + kind);
        try (Socket target = open(host, port)) {
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            pump(client, target);
        } catch (IOException e) {
            out.write(new byte[] {5, 4, 0, 1, 0, 0, 0, 0, 0, 0});
            throw e;
        }
    }

    /** Only mapped names and loopback addresses: nothing leaves the machine. */
    private Socket open(String host, int port) throws IOException {
        String address = hosts.getOrDefault(host, host);
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IOException("cannot resolve " + host + ": not in the proxy's host mappings");
        }
        InetAddress target = InetAddress.getByName(address); // a literal: no lookup
        if (!target.isLoopbackAddress()) {
            throw new IOException("refusing a non-loopback target " + host);
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(target, port), 5_000);
        socket.setSoTimeout(TUNNEL_IDLE_MS);
        return socket;
    }

    private static void pump(Socket a, Socket b) throws IOException {
        Thread back = Thread.ofPlatform().daemon().start(() -> copy(b, a));
        copy(a, b);
        try {
            back.join(TUNNEL_IDLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed: the tunnel is over
        }
    }
}
