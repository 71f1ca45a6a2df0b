package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.NetnsLab;
import dev.nightjar.sensor.lab.PodProcess;
import dev.nightjar.sensor.lab.RecordingChunks;
import dev.nightjar.sensor.lab.TaskCgroup;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers and clients from the machine's packages (python3's http.server, curl, openssl)
 * in two lab network namespaces, in a cgroup of the test's own: what the kernel programs copy
 * is compared with what the programs sent and received.
 */
@KernelTest
class RequestCollectorTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PYTHON = "/usr/bin/python3";
    private static final int HTTP_PORT = 8080;

    @TempDir
    Path files;
    private NetnsLab lab;
    private TaskCgroup cgroup;
    private RequestCollector collector;
    private RecordingChunks chunks = RecordingChunks.recording();

    @BeforeAll
    static void tools() {
        KernelTestSupport.requireNetworkLab();
        Requires.toolsFrom("curl openssl iproute2", "curl", "openssl", "ss");
        Requires.file(Path.of(PYTHON), "apt-get install python3");
    }

    @BeforeEach
    void lab() {
        lab = NetnsLab.create();
        cgroup = TaskCgroup.create("njt-requests");
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
        lab.close();
        cgroup.close();
    }

    private void start(int ringBytes) {
        collector = new RequestCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofMillis(200)),
                events -> chunks, KernelTestSupport::requireBpf, ringBytes);
        collector.start(event -> { });
        assertThat(collector.state().getRunning()).as(collector.state().getReason()).isTrue();
        assertThat(collector.feature()).isEqualTo(Feature.FEATURE_REQUESTS);
    }

    private void selectCgroup(Filter.Builder settings) {
        collector.applyFilter(settings.addCgroupIds(cgroup.id()).build());
    }

    private PodProcess httpServer() throws IOException {
        Files.writeString(files.resolve("hello.txt"), "hello from the lab\n");
        Files.write(files.resolve("big.bin"), new byte[20_000]);
        PodProcess server = PodProcess.start(lab.b(), cgroup, List.of(PYTHON, "-m", "http.server", "--bind",
                lab.b().ipv4().getHostAddress(), "--directory", files.toString(), Integer.toString(HTTP_PORT)));
        PodProcess.awaitListening(lab.b(), HTTP_PORT, true);
        return server;
    }

    private String url(String path) {
        return "http://" + lab.b().ipv4().getHostAddress() + ":" + HTTP_PORT + path;
    }

    private static byte[] joined(List<SocketChunk> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(c -> out.writeBytes(c.data()));
        return out.toByteArray();
    }

    private static long callBytes(List<SocketChunk> parts) {
        return parts.stream().mapToLong(SocketChunk::callBytes).sum();
    }

    private static Predicate<SocketChunk> of(int pid, ChunkDirection direction) {
        return c -> c.pid() == pid && c.direction() == direction;
    }

    @Test
    void anHttpExchangeArrivesAsTheBytesBothSidesSentAndReceived() throws Exception {
        start(0);
        selectCgroup(Filter.newBuilder());
        assertThat(collector.path()).isEqualTo("tracepoint");
        try (PodProcess server = httpServer()) {
            PodProcess.Finished curl = PodProcess.run(lab.a(), cgroup, List.of("curl", "-sS", url("/hello.txt")));
            assertThat(curl.text()).isEqualTo("hello from the lab\n");

            chunks.await(c -> c.matching(of(server.pid(), ChunkDirection.SENT)).stream()
                    .anyMatch(x -> new String(x.data(), StandardCharsets.ISO_8859_1).contains("hello from the lab"))
                    && !c.matching(of(curl.pid(), ChunkDirection.RECEIVED)).isEmpty(), WAIT, "the exchange");
            List<SocketChunk> clientSent = chunks.matching(of(curl.pid(), ChunkDirection.SENT));
            List<SocketChunk> serverReceived = chunks.matching(of(server.pid(), ChunkDirection.RECEIVED));
            String request = new String(joined(clientSent), StandardCharsets.ISO_8859_1);
            assertThat(request).startsWith("GET /hello.txt HTTP/1.1\r\nHost: " + lab.b().ipv4().getHostAddress())
                    .endsWith("\r\n\r\n");
            assertThat(joined(serverReceived)).as("the server read what curl wrote").isEqualTo(joined(clientSent));

            chunks.await(c -> joined(c.matching(of(curl.pid(), ChunkDirection.RECEIVED))).length
                    >= joined(c.matching(of(server.pid(), ChunkDirection.SENT))).length, WAIT, "the whole response");
            List<SocketChunk> serverSent = chunks.matching(of(server.pid(), ChunkDirection.SENT));
            List<SocketChunk> clientReceived = chunks.matching(of(curl.pid(), ChunkDirection.RECEIVED));
            String response = new String(joined(clientReceived), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.0 200 OK\r\n").endsWith("\r\n\r\nhello from the lab\n");
            assertThat(joined(serverSent)).isEqualTo(joined(clientReceived));

            SocketChunk c = clientSent.getFirst();
            SocketChunk s = serverReceived.getFirst();
            assertThat(c.role()).isEqualTo(SocketRole.CLIENT);
            assertThat(s.role()).isEqualTo(SocketRole.SERVER);
            assertThat(c.l4Protocol()).isEqualTo(6);
            assertThat(c.comm()).isEqualTo("curl");
            assertThat(c.tls()).isFalse();
            assertThat(c.localAddr()).isEqualTo(lab.a().ipv4().getAddress());
            assertThat(c.remoteAddr()).isEqualTo(lab.b().ipv4().getAddress());
            assertThat(c.remotePort()).isEqualTo(HTTP_PORT);
            assertThat(s.localPort()).isEqualTo(HTTP_PORT);
            assertThat(s.remotePort()).isEqualTo(c.localPort());
            assertThat(s.remoteAddr()).isEqualTo(lab.a().ipv4().getAddress());
            assertThat(c.netnsInode()).isEqualTo(lab.netnsInode(lab.a()));
            assertThat(s.netnsInode()).isEqualTo(lab.netnsInode(lab.b()));
            assertThat(c.cgroupId()).isEqualTo(cgroup.id());
            assertThat(c.connectionId()).isNotZero().isNotEqualTo(s.connectionId());
            assertThat(clientSent).allSatisfy(x -> assertThat(x.connectionId()).isEqualTo(c.connectionId()));
            assertThat(clientReceived).allSatisfy(x -> assertThat(x.connectionId()).isEqualTo(c.connectionId()));
            long now = System.currentTimeMillis() * 1_000_000L;
            assertThat(c.timestampNs()).as("wall clock").isBetween(now - 60_000_000_000L, now);
            assertThat(s.timestampNs()).isGreaterThanOrEqualTo(c.timestampNs());

            chunks.await(x -> x.wasClosed(c.connectionId()) && x.wasClosed(s.connectionId()), WAIT, "both closes");
            assertThat(chunks.settings().getCgroupIdsList()).containsExactly(cgroup.id());
            assertThat(chunks.ticks()).as("ticks while idle too").isPositive();
        }
    }
}
