package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 between curl (keep-alive: several URLs on one connection) or a pipelining client and
 * the JDK's HttpServer on loopback, recorded through {@link RecordingRelay} and parsed.
 */
class Http1RealTrafficTest {

    static HttpServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(RecordingRelay.loopback(0), 50);
        server.createContext("/orders/", ex -> reply(ex, 200, "{\"order\":1}"));
        server.createContext("/search", ex -> reply(ex, 200, "found"));
        server.createContext("/missing", ex -> reply(ex, 404, "no"));
        server.createContext("/fail", ex -> reply(ex, 500, "broken"));
        server.createContext("/slow", ex -> {
            sleep(150);
            reply(ex, 200, "late");
        });
        server.createContext("/chunked", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0); // 0: chunked
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 5; i++) {
                    out.write(("part " + i + "\r\n").repeat(100).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        });
        server.createContext("/upload", ex -> {
            long n = ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            reply(ex, 200, "got " + n);
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Set-Cookie", "session=secret-cookie-value");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void curlKeepAliveRequestsAreEachParsedWithStatusSizesAndLatency(@TempDir Path dir) throws Exception {
        Requires.toolsFrom("curl", "curl");
        Path upload = dir.resolve("upload.bin");
        Files.write(upload, new byte[20_000]);
        CollectedEvents events = new CollectedEvents();
        String base;
        try (RecordingRelay relay = new RecordingRelay(server.getAddress().getPort())) {
            base = "http://127.0.0.1:" + relay.port();
            LoopbackPrograms.run("curl", "-s", "-A", "nightjar-test", "-H", "Authorization: Bearer top-secret",
                    "-o", "/dev/null", base + "/orders/8123",
                    "-o", "/dev/null", base + "/orders/77",
                    "-o", "/dev/null", base + "/missing",
                    "-o", "/dev/null", base + "/fail",
                    "-o", "/dev/null", base + "/slow",
                    "-o", "/dev/null", base + "/chunked",
                    "-o", "/dev/null", base + "/search?q=private&page=2",
                    "--next", "-s", "-A", "nightjar-test", "-o", "/dev/null", "-H", "Transfer-Encoding: chunked",
                    "--data-binary", "@" + upload, base + "/upload");
            LoopbackPrograms.awaitCloses(relay, 1);
            relay.replay(CollectedEvents.everyExchange(events));
        }
        List<Request> requests = events.requests();
        assertThat(requests).extracting(r -> r.getHttp().getMethod() + " " + r.getHttp().getPath() + " " + r.getHttp().getStatus())
                .containsExactly("GET /orders/8123 200", "GET /orders/77 200", "GET /missing 404", "GET /fail 500",
                        "GET /slow 200", "GET /chunked 200", "GET /search?q=?&page=? 200", "POST /upload 200");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getProtocol()).isEqualTo(AppProtocol.APP_PROTOCOL_HTTP1);
            assertThat(r.getRole()).isEqualTo(FlowRole.FLOW_ROLE_SERVER);
            assertThat("http://" + r.getHttp().getHost()).isEqualTo(base);
            assertThat(r.getHttp().getUserAgent()).isEqualTo("nightjar-test");
            assertThat(r.getHttp().getHttpVersion()).isEqualTo("1.1");
            assertThat(r.getIncomplete()).isEmpty();
            assertThat(r.toString()).doesNotContain("top-secret").doesNotContain("secret-cookie").doesNotContain("private");
        });
        assertThat(requests).filteredOn(Request::getError).extracting(r -> r.getHttp().getPath()).containsExactly("/fail");
        Request slow = requests.get(4);
        assertThat(slow.getLatencyNs()).isBetween(150_000_000L, 5_000_000_000L);
        assertThat(requests.get(1).getLatencyNs()).isLessThan(slow.getLatencyNs()); // the first one warms the server up
        assertThat(requests.get(0).getHttp().getRoute()).isEqualTo("/orders/{id}");
        assertThat(requests.get(5).getResponseBytes()).isGreaterThan(5 * 100 * "part 0\r\n".length());
        assertThat(requests.get(7).getRequestBytes()).isGreaterThan(20_000);
        assertThat(requests.get(0).getHttp().getContentType()).isEqualTo("application/json");

        List<RequestStats> stats = events.stats();
        assertThat(events.counted()).isEqualTo(8);
        assertThat(stats).filteredOn(s -> s.getRoute().equals("/orders/{id}"))
                .singleElement().satisfies(s -> {
                    assertThat(s.getCount()).isEqualTo(2);
                    assertThat(s.getStatusClass()).isEqualTo("2xx");
                    assertThat(s.getMethod()).isEqualTo("GET");
                    assertThat(s.getServerPid()).isEqualTo(4242);
                    assertThat(s.getSentWhole()).isEqualTo(2);
                });
        assertThat(stats).filteredOn(s -> s.getStatusClass().equals("5xx")).singleElement()
                .satisfies(s -> assertThat(s.getErrors()).isEqualTo(1));
    }

    @Test
    void pipelinedRequestsInOneWriteAreMatchedToTheirResponsesInOrder() throws Exception {
        CollectedEvents events = new CollectedEvents();
        try (RecordingRelay relay = new RecordingRelay(server.getAddress().getPort())) {
            String requests = "GET /orders/1 HTTP/1.1\r\nHost: shop\r\n\r\n"
                    + "GET /missing HTTP/1.1\r\nHost: shop\r\n\r\n"
                    + "GET /fail HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n";
            try (Socket s = new Socket(RecordingRelay.loopback(relay.port()).getAddress(), relay.port())) {
                s.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String answers = LoopbackPrograms.readAll(s.getInputStream());
                assertThat(answers).contains("HTTP/1.1 200", "HTTP/1.1 404", "HTTP/1.1 500");
            }
            LoopbackPrograms.awaitCloses(relay, 1);
            assertThat(relay.chunks().getFirst().data()).hasSize(requests.length()); // one call, three requests
            relay.replay(CollectedEvents.everyExchange(events));
        }
        assertThat(events.requests()).extracting(r -> r.getHttp().getPath() + " " + r.getHttp().getStatus())
                .containsExactly("/orders/1 200", "/missing 404", "/fail 500");
        assertThat(events.requests()).extracting(r -> r.getHttp().getHost()).containsOnly("shop");
    }
}
