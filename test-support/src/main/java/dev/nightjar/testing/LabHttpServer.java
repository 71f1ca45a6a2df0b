package dev.nightjar.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/1.1 server for request tests: Debian's python3 ({@code /usr/bin/python3}; a
 * python3 earlier on PATH may be one installed by hand) on a free loopback port, answering 200
 * on {@code /ok}, 500 on {@code /fail} and 404 elsewhere, with small JSON bodies. It exits by
 * itself after {@code lifetimeSeconds}, whatever happens to the test.
 */
public final class LabHttpServer implements AutoCloseable {

    private static final String SCRIPT = """
            import http.server, sys, threading, os
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'
                def do_GET(self):
                    code = 200 if self.path == '/ok' else 500 if self.path == '/fail' else 404
                    body = b'{"ok": true}' if code == 200 else b'{"error": "boom"}'
                    self.send_response(code)
                    self.send_header('Content-Type', 'application/json')
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            s = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H)
            threading.Timer(int(sys.argv[2]), lambda: os._exit(0)).start()
            s.serve_forever()
            """;

    private final Process process;
    private final int port;

    private LabHttpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server in {@code dir} (its script and log go there) and waits until it listens. */
    public static LabHttpServer start(Path dir, int lifetimeSeconds) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path script = Files.writeString(dir.resolve("lab_http_server.py"), SCRIPT);
        Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port),
                String.valueOf(lifetimeSeconds)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("lab_http_server.log").toFile()).start();
        LabHttpServer server = new LabHttpServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("the lab's HTTP server did not listen on " + port + " within 20 s; see "
                + dir.resolve("lab_http_server.log"));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Runs curl once for these paths, in order, over one keep-alive connection; fails unless curl succeeds. */
    public void curl(Path dir, String... paths) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("curl", "-s", "-o", "/dev/null",
                "--max-time", "10"));
        for (String path : paths) {
            command.add("http://127.0.0.1:" + port + path);
        }
        Process curl = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("curl.log").toFile()).start();
        if (!curl.waitFor(30, TimeUnit.SECONDS) || curl.exitValue() != 0) {
            curl.destroyForcibly();
            throw new IllegalStateException("curl failed; see " + dir.resolve("curl.log"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
