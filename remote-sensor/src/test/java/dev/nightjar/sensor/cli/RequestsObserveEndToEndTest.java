package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.testing.KernelTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "done when", through the whole sensor: {@code serve} with its shipped collectors
 * (the kernel capture feeding the parsers), a real HTTP server (Debian's python3) answering 200, 404 and
 * 500 on loopback, curl as the client, and {@code observe --kinds requests --protocol http
 * --http-status 500} over a real socket showing exactly the failing requests.
 */
@KernelTest
class RequestsObserveEndToEndTest {

    private static final Duration OBSERVE_FOR = Duration.ofSeconds(10);
    /** 200 on /ok, 500 on /fail, 404 elsewhere; exits after 60 s whatever happens. */
    private static final String SERVER = """
            import http.server, sys, threading, os
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'
                def do_GET(self):
                    code = 200 if self.path == '/ok' else 500 if self.path == '/fail' else 404
                    body = b'x' * 12
                    self.send_response(code)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            s = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H)
            threading.Timer(60, lambda: os._exit(0)).start()
            s.serve_forever()
            """;

    @TempDir
    Path dir;

    private RunningServe serve;
    private Process server;

    @BeforeEach
    void start() {
        KernelTestSupport.requireBpf();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void observeShowsExactlyTheLabsFailingHttpRequests() throws Exception {
        Path tokenFile = ObserveRun.tokenFile(dir, "requests-token");
        serve = ObserveRun.serve(tokenFile, "lab-node");
        int sensorPort = serve.awaitPort(Duration.ofSeconds(30));

        int httpPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = free.getLocalPort();
        }
        Path script = Files.writeString(dir.resolve("server.py"), SERVER);
        server = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(httpPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        awaitListening(httpPort);

        ObserveRun observe = ObserveRun.start(sensorPort, tokenFile, OBSERVE_FOR, "--json",
                "--kinds", "requests", "--pid", Long.toString(server.pid()), "--protocol", "http", "--http-status", "500");
        Thread.sleep(3_000); // the subscription reaches the kernel's task filter

        // One keep-alive connection: 5 ok, 3 failing, 2 missing, in this order.
        List<String> curl = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "10"));
        String base = "http://127.0.0.1:" + httpPort;
        for (String path : List.of("/ok", "/fail", "/ok", "/missing", "/fail", "/ok", "/ok", "/missing", "/fail", "/ok")) {
            curl.add(base + path);
        }
        Process client = new ProcessBuilder(curl).redirectErrorStream(true)
                .redirectOutput(dir.resolve("curl.log").toFile()).start();
        assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as("curl; see curl.log").isZero();

        List<String> lines = observe.awaitSuccess(OBSERVE_FOR.plusSeconds(30));

        List<JsonObject> requests = new ArrayList<>();
        for (String line : lines) {
            JsonObject event = JsonParser.parseString(line).getAsJsonObject();
            if (event.has("request")) {
                requests.add(event.getAsJsonObject("request"));
            }
        }
        assertThat(requests).as("the failing requests; stdout: %s stderr: %s", observe.out(), observe.err()).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            JsonObject http = r.getAsJsonObject("http");
            assertThat(http.get("method").getAsString()).isEqualTo("GET");
            assertThat(http.get("path").getAsString()).isEqualTo("/fail");
            assertThat(http.get("status").getAsInt()).isEqualTo(500);
            assertThat(r.get("error").getAsBoolean()).isTrue();
            assertThat(r.get("pid").getAsLong()).isEqualTo(server.pid());
            assertThat(r.getAsJsonObject("tuple").get("dstPort").getAsInt()).isEqualTo(httpPort);
        });
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the lab's HTTP server did not listen on " + port + " within 20 s");
    }
}
