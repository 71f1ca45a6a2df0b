package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.LabHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "done when", through the whole sensor: {@code serve} with its shipped collectors
 * (the kernel capture feeding the parsers), a real HTTP server ({@link LabHttpServer}) answering 200,
 * 404 and 500 on loopback, curl as the client, and {@code observe --kinds requests --protocol http
 * --http-status 500} over a real socket showing exactly the failing requests.
 */
@KernelTest
class RequestsObserveEndToEndTest {

    private static final Duration OBSERVE_FOR = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private RunningServe serve;
    private LabHttpServer server;

    @BeforeEach
    void start() {
        KernelTestSupport.requireBpf();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
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

        server = LabHttpServer.start(dir, 60);
        int httpPort = server.port();

        ObserveRun observe = ObserveRun.start(sensorPort, tokenFile, OBSERVE_FOR, "--json",
                "--kinds", "requests", "--pid", Long.toString(server.pid()), "--protocol", "http", "--http-status", "500");
        Thread.sleep(3_000); // the subscription reaches the kernel's task filter

        // One keep-alive connection: 5 ok, 3 failing, 2 missing, in this order.
        server.curl(dir, "/ok", "/fail", "/ok", "/missing", "/fail", "/ok", "/ok", "/missing", "/fail", "/ok");

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
}
