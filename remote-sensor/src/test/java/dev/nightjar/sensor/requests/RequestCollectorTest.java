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
            assertThat(request).as(summary(curl.pid())).startsWith("GET /hello.txt HTTP/1.1\r\nHost: " + lab.b().ipv4().getHostAddress())
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

    @Test
    void aCallLongerThanTheLimitIsCutAndSaysItsRealSize() throws Exception {
        start(0);
        selectCgroup(Filter.newBuilder().setRequestMaxCaptureBytes(64));
        try (PodProcess server = httpServer()) {
            PodProcess.Finished curl = PodProcess.run(lab.a(), cgroup, List.of("curl", "-sS", "-o", "/dev/null",
                    "-w", "%{size_header} %{size_download}", url("/big.bin")));
            String[] sizes = curl.text().split(" ");
            long responseBytes = Long.parseLong(sizes[0]) + Long.parseLong(sizes[1]);
            assertThat(Long.parseLong(sizes[1])).isEqualTo(20_000);

            chunks.await(c -> callBytes(c.matching(of(curl.pid(), ChunkDirection.RECEIVED))) >= responseBytes,
                    WAIT, "the whole response counted");
            List<SocketChunk> clientSent = chunks.matching(of(curl.pid(), ChunkDirection.SENT));
            assertThat(clientSent).hasSize(1);
            SocketChunk request = clientSent.getFirst();
            assertThat(request.data()).hasSize(64);
            assertThat(request.callBytes()).as("the request's real size").isGreaterThan(64);
            assertThat(new String(request.data(), StandardCharsets.ISO_8859_1)).startsWith("GET /big.bin HTTP/1.1\r\n");
            assertThat(request.bytesNotCopied()).isEqualTo(request.callBytes() - 64);
            List<SocketChunk> clientReceived = chunks.matching(of(curl.pid(), ChunkDirection.RECEIVED));
            assertThat(clientReceived).allSatisfy(c -> assertThat(c.data().length)
                    .isEqualTo((int) Math.min(64, c.callBytes())));
            assertThat(callBytes(clientReceived)).isEqualTo(responseBytes);
            chunks.await(c -> callBytes(c.matching(of(server.pid(), ChunkDirection.SENT))) >= responseBytes,
                    WAIT, "the server's writes counted");
            assertThat(callBytes(chunks.matching(of(server.pid(), ChunkDirection.SENT)))).isEqualTo(responseBytes);
        }
    }

    @Test
    void aProcessOutsideTheFilterGetsNothing() throws Exception {
        start(0);
        selectCgroup(Filter.newBuilder());
        try (PodProcess server = httpServer()) {
            PodProcess.Finished outside = PodProcess.run(lab.a(), null, List.of("curl", "-sS", url("/hello.txt")));
            PodProcess.Finished inside = PodProcess.run(lab.a(), cgroup, List.of("curl", "-sS", url("/hello.txt")));
            chunks.await(c -> !c.matching(of(inside.pid(), ChunkDirection.RECEIVED)).isEmpty()
                    && c.matching(of(server.pid(), ChunkDirection.SENT)).size() >= 2, WAIT, "both exchanges at the server");
            assertThat(chunks.matching(c -> c.pid() == outside.pid())).as("curl outside the cgroup").isEmpty();
        }
    }

    /** A DNS-shaped exchange over UDP on unconnected sockets (sendto/recvfrom), then on a connected one. */
    @Test
    void udpDatagramsCarryTheirPeers() throws Exception {
        start(0);
        selectCgroup(Filter.newBuilder());
        String b = lab.b().ipv4().getHostAddress();
        String serverScript = """
                import socket, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind((sys.argv[1], 5353))
                while True:
                    d, a = s.recvfrom(512)
                    s.sendto(d[:2] + b'\\x81\\x80' + d[4:], a)
                """;
        String clientScript = """
                import socket, sys
                q = bytes.fromhex('123401000001000000000000076578616d706c6503636f6d0000010001')
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                if sys.argv[2] == 'connected':
                    s.connect((sys.argv[1], 5353)); s.send(q); s.recv(512)
                else:
                    s.sendto(q, (sys.argv[1], 5353)); s.recvfrom(512)
                print(s.getsockname()[1])
                """;
        byte[] query = java.util.HexFormat.of().parseHex("123401000001000000000000076578616d706c6503636f6d0000010001");
        byte[] answer = query.clone();
        answer[2] = (byte) 0x81;
        answer[3] = (byte) 0x80;
        try (PodProcess server = PodProcess.start(lab.b(), cgroup, List.of(PYTHON, "-c", serverScript, b))) {
            PodProcess.awaitListening(lab.b(), 5353, false);
            for (String mode : List.of("unconnected", "connected")) {
                PodProcess.Finished client = PodProcess.run(lab.a(), cgroup, List.of(PYTHON, "-c", clientScript, b, mode));
                int clientPort = Integer.parseInt(client.text().strip());
                chunks.await(c -> !c.matching(of(client.pid(), ChunkDirection.RECEIVED)).isEmpty()
                        && c.matching(of(server.pid(), ChunkDirection.SENT)).stream()
                        .anyMatch(x -> x.remotePort() == clientPort), WAIT, "the " + mode + " exchange");
                SocketChunk sent = chunks.matching(of(client.pid(), ChunkDirection.SENT)).getFirst();
                SocketChunk received = chunks.matching(of(client.pid(), ChunkDirection.RECEIVED)).getFirst();
                assertThat(sent.data()).isEqualTo(query);
                assertThat(received.data()).isEqualTo(answer);
                for (SocketChunk c : List.of(sent, received)) {
                    assertThat(c.l4Protocol()).isEqualTo(17);
                    assertThat(c.remoteAddr()).as(mode).isEqualTo(lab.b().ipv4().getAddress());
                    assertThat(c.remotePort()).as(mode).isEqualTo(5353);
                    assertThat(c.localPort()).isEqualTo(clientPort);
                    assertThat(c.role()).isEqualTo(mode.equals("connected") ? SocketRole.CLIENT : SocketRole.UNKNOWN);
                }
                SocketChunk atServer = chunks.matching(of(server.pid(), ChunkDirection.RECEIVED)).stream()
                        .filter(x -> x.remotePort() == clientPort).findFirst().orElseThrow();
                assertThat(atServer.data()).isEqualTo(query);
                assertThat(atServer.remoteAddr()).isEqualTo(lab.a().ipv4().getAddress());
                assertThat(chunks.matching(of(server.pid(), ChunkDirection.SENT)).stream()
                        .filter(x -> x.remotePort() == clientPort).findFirst().orElseThrow().data()).isEqualTo(answer);
            }
        }
    }

    /** The poll thread held at the first chunk: a 16 KiB ring fills, and what did not fit is counted. */
    @Test
    void chunksThatFindTheRingFullAreCountedAsLost() throws Exception {
        chunks = RecordingChunks.holdingAtFirstChunk();
        start(16 * 1024);
        selectCgroup(Filter.newBuilder());
        int datagrams = 300;
        String script = "import socket, sys\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "for i in range(" + datagrams + "): s.sendto(b'x' * 1000, (sys.argv[1], 9))\n";
        PodProcess.Finished sender;
        try {
            sender = PodProcess.run(lab.a(), cgroup, List.of(PYTHON, "-c", script, lab.b().ipv4().getHostAddress()));
        } finally {
            chunks.release();
        }
        assertThat(collector.flushNow(WAIT)).isTrue();
        long lost = collector.lossCounters().stream()
                .filter(l -> l.getStage() == LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                .peek(l -> assertThat(l.getKind()).isEqualTo(EventKind.EVENT_KIND_REQUESTS))
                .mapToLong(LossCounter::getLostTotal).sum();
        chunks.await(c -> c.matching(of(sender.pid(), ChunkDirection.SENT)).size() + lost >= datagrams, WAIT,
                "every datagram delivered or counted lost");
        int delivered = chunks.matching(of(sender.pid(), ChunkDirection.SENT)).size();
        assertThat(lost).as("lost").isGreaterThanOrEqualTo(datagrams - 20);
        assertThat(delivered).as("delivered").isPositive().isLessThan(20);
    }

    /**
     * curl (SSL_write/SSL_read) against python's ssl module (SSL_read_ex/SSL_write_ex), both on
     * the system's libssl.so.3. (openssl s_server -www answers through an SSL BIO, whose reads
     * and writes did not pass these functions here: no server-side plaintext was seen.)
     */
    @Test
    void curlAgainstAPythonHttpsServerGivesPlaintextMarkedTls() throws Exception {
        start(0);
        selectCgroup(Filter.newBuilder());
        Path key = files.resolve("key.pem");
        Path cert = files.resolve("cert.pem");
        dev.nightjar.sensor.lab.Commands.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=lab"));
        Files.writeString(files.resolve("hello.txt"), "hello over tls\n");
        String serverScript = """
                import functools, http.server, ssl, sys
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(sys.argv[3], sys.argv[4])
                handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[5])
                server = http.server.HTTPServer((sys.argv[1], int(sys.argv[2])), handler)
                server.socket = ctx.wrap_socket(server.socket, server_side=True)
                server.serve_forever()
                """;
        String https = "https://" + lab.b().ipv4().getHostAddress() + ":4433/hello.txt";
        try (PodProcess server = PodProcess.start(lab.b(), cgroup, List.of(PYTHON, "-c", serverScript,
                lab.b().ipv4().getHostAddress(), "4433", cert.toString(), key.toString(), files.toString()))) {
            PodProcess.awaitListening(lab.b(), 4433, true);
            // The first exchange announces the server, whose libssl gets its probes then.
            PodProcess.run(lab.a(), cgroup, List.of("curl", "-sSk", "--http1.1", https));
            chunks.await(c -> describe().getRequestCapture().getTlsLibrariesList().stream()
                    .anyMatch(l -> l.contains("uprobes")), WAIT, "libssl probed");

            PodProcess.Finished curl = PodProcess.run(lab.a(), cgroup, List.of("curl", "-sSk", "--http1.1", https));
            assertThat(curl.text()).isEqualTo("hello over tls\n");
            chunks.await(c -> new String(joined(c.matching(of(curl.pid(), ChunkDirection.RECEIVED))),
                    StandardCharsets.ISO_8859_1).endsWith("\r\n\r\nhello over tls\n"), WAIT, "the plaintext response at curl");
            String request = new String(joined(chunks.matching(of(curl.pid(), ChunkDirection.SENT))),
                    StandardCharsets.ISO_8859_1);
            assertThat(request).as(summary(curl.pid())).startsWith("GET /hello.txt HTTP/1.1\r\nHost: " + lab.b().ipv4().getHostAddress() + ":4433\r\n")
                    .endsWith("\r\n\r\n");
            assertThat(chunks.matching(c -> c.pid() == curl.pid())).allSatisfy(c -> {
                assertThat(c.tls()).as("no ciphertext reaches the parsers").isTrue();
                assertThat(c.remotePort()).isEqualTo(4433);
                assertThat(c.role()).isEqualTo(SocketRole.CLIENT);
                assertThat(c.connectionId()).isNotZero();
            });
            chunks.await(c -> new String(joined(c.matching(of(server.pid(), ChunkDirection.RECEIVED))),
                    StandardCharsets.ISO_8859_1).contains(request), WAIT, "the plaintext request at the server");
            assertThat(chunks.matching(c -> c.pid() == server.pid())).allSatisfy(c -> {
                assertThat(c.tls()).isTrue();
                assertThat(c.localPort()).isEqualTo(4433);
            });
            int curlPort = chunks.matching(c -> c.pid() == curl.pid()).getFirst().localPort();
            Predicate<SocketChunk> serverSentToCurl = of(server.pid(), ChunkDirection.SENT).and(c -> c.remotePort() == curlPort);
            chunks.await(c -> !c.matching(serverSentToCurl).isEmpty(), WAIT, "the server's plaintext response");
            assertThat(joined(chunks.matching(serverSentToCurl)))
                    .as("what the server wrote is what curl read")
                    .isEqualTo(joined(chunks.matching(of(curl.pid(), ChunkDirection.RECEIVED))));

            collector.applyFilter(Filter.getDefaultInstance());
            assertThat(describe().getRequestCapture().getTlsLibrariesList())
                    .as("capture off: the probes are detached").isEmpty();
        }
    }

    /** What a process's chunks were, for a failure's message. */
    private String summary(int pid) {
        StringBuilder out = new StringBuilder("chunks of pid " + pid + ":");
        chunks.matching(c -> c.pid() == pid).forEach(c -> out.append("\n  ").append(c.direction())
                .append(" tls=").append(c.tls()).append(" bytes=").append(c.callBytes()).append(" conn=")
                .append(c.connectionId()).append(" ").append(c.localPort()).append("->").append(c.remotePort()));
        return out.append("\nlosses: ").append(collector.lossCounters()).toString();
    }

    private SensorInfo describe() {
        SensorInfo.Builder info = SensorInfo.newBuilder();
        collector.describe(info);
        return info.build();
    }

    @Test
    void getInfoSaysWhichPathCapturesAndTheKernelsCap() {
        start(0);
        SensorInfo off = describe();
        assertThat(off.getRequestCapture().getPath()).isEqualTo("off");
        assertThat(off.getRequestCapture().getReason()).contains("no subscription asks for requests");
        assertThat(off.getRequestCapture().getMaxCaptureBytes()).isEqualTo(RequestCollector.KERNEL_MAX_CAPTURE_BYTES);
        selectCgroup(Filter.newBuilder());
        assertThat(describe().getRequestCapture().getPath()).isEqualTo("tracepoint");
        collector.applyFilter(Filter.getDefaultInstance());
        assertThat(describe().getRequestCapture().getPath()).isEqualTo("off");
    }
}
