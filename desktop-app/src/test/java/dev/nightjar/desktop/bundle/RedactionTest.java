package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.NodeCapture;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {

    @TempDir
    Path dir;

    /** Every entry of the bundle, inflated, concatenated. */
    private static byte[] inflatedEntries(Path file) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                try (InputStream in = zip.getInputStream(entries.nextElement())) {
                    in.transferTo(all);
                }
            }
        }
        return all.toByteArray();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void theRedactedBundleHoldsNoOriginalAddressOrCommandLineAndTheManifestSaysSo() throws Exception {
        CaptureStore live = CaptureFixtures.store();
        Path plain = dir.resolve("plain.njcap");
        Path redacted = dir.resolve("redacted.njcap");
        BundleExport.write(live, ExportRequest.everything(), plain, ExportProgress.NONE);
        BundleExport.write(live, new ExportRequest(TimeWindow.ALL, Set.of(), Redaction.ALL), redacted, ExportProgress.NONE);

        List<byte[]> secrets = List.of(CaptureFixtures.CLIENT_V4, CaptureFixtures.SERVER_V4, CaptureFixtures.PEER_V6,
                CaptureFixtures.CLIENT_V4_TEXT.getBytes(StandardCharsets.UTF_8),
                CaptureFixtures.SERVER_V4_TEXT.getBytes(StandardCharsets.UTF_8),
                CaptureFixtures.PEER_V6_TEXT.getBytes(StandardCharsets.UTF_8),
                CaptureFixtures.SECRET_ARG.getBytes(StandardCharsets.UTF_8),
                CaptureFixtures.SECRET_QUERY_VALUE.getBytes(StandardCharsets.UTF_8),
                CaptureFixtures.SECRET_SQL_LITERAL.getBytes(StandardCharsets.UTF_8),
                CaptureFixtures.SECRET_REDIS_KEY.getBytes(StandardCharsets.UTF_8));
        byte[] before = inflatedEntries(plain);
        byte[] after = inflatedEntries(redacted);
        for (byte[] secret : secrets) {
            assertThat(contains(before, secret)).as("the unredacted bundle holds %s (the search works)",
                    new String(secret, StandardCharsets.ISO_8859_1)).isTrue();
            assertThat(contains(after, secret)).as("the redacted bundle holds %s",
                    new String(secret, StandardCharsets.ISO_8859_1)).isFalse();
        }
        try (BundleReader reader = BundleReader.open(redacted)) {
            assertThat(reader.manifest().redactions()).containsExactlyElementsOf(Redaction.ALL.manifestLines());
            assertThat(String.join("\n", reader.manifest().redactions()))
                    .contains("IP addresses").contains("command lines").contains("pod labels");
        }
    }

    @Test
    void oneAddressMapsToOneStandInOfTheSameFamilyAcrossFlowsDropsAndFdTargets() throws Exception {
        CaptureStore live = CaptureFixtures.store();
        Path redacted = dir.resolve("redacted.njcap");
        BundleExport.write(live, new ExportRequest(TimeWindow.ALL, Set.of(), Redaction.ALL), redacted, ExportProgress.NONE);
        CaptureStore opened = new CaptureStore(StoreLimits.uniform(10_000, 8));
        BundleImport.into(redacted, opened);

        Set<ByteString> clientStandIns = new HashSet<>();
        Set<ByteString> serverStandIns = new HashSet<>();
        Set<ByteString> peerStandIns = new HashSet<>();
        for (String node : opened.nodeNames()) {
            NodeCapture capture = opened.node(node).orElseThrow();
            List<SensorEvent> flows = capture.events(PayloadKind.FLOW);
            List<SensorEvent> drops = capture.events(PayloadKind.DROP);
            for (int t = 0; t < flows.size(); t++) {
                var flowTuple = flows.get(t).getFlow().getTuple();
                var dropTuple = drops.get(t).getDrop().getTuple();
                assertThat(dropTuple).as("a flow and a drop of the same packet keep matching").isEqualTo(flowTuple);
                boolean v6 = t % 5 == 0;
                (v6 ? peerStandIns : clientStandIns).add(flowTuple.getSrcAddr());
                ByteString dst = flowTuple.getDstAddr();
                if (v6) {
                    assertThat(dst.size()).isEqualTo(16);
                    assertThat(IpAddressText.of(dst)).as("IPv4-mapped stays mapped, in 240.0.0.0/4").matches("::ffff:2[45]\\d\\..*");
                    dst = dst.substring(12);
                }
                serverStandIns.add(dst);
            }
            String fdTarget = capture.events(PayloadKind.SYSCALL_SPAN).getFirst().getSyscallSpan().getFdTarget();
            String client = IpAddressText.of(clientStandIns.iterator().next());
            String peer = IpAddressText.of(peerStandIns.iterator().next());
            String server = IpAddressText.of(serverStandIns.iterator().next());
            assertThat(fdTarget).isEqualTo("tcp " + client + ":40000->[" + peer + "]:443 via " + server);
            assertThat(capture.events(PayloadKind.PROCESS).getFirst().getProcess().getCmdlineList()).isEmpty();
        }
        assertThat(clientStandIns).singleElement().satisfies(a -> {
            assertThat(a.size()).isEqualTo(4);
            assertThat(a.byteAt(0) & 0xf0).as("class E, 240.0.0.0/4").isEqualTo(0xf0);
        });
        assertThat(serverStandIns).singleElement().satisfies(a -> assertThat(a.byteAt(0) & 0xf0).isEqualTo(0xf0));
        assertThat(clientStandIns).doesNotContainAnyElementsOf(serverStandIns);
        assertThat(peerStandIns).singleElement().satisfies(a -> {
            assertThat(a.size()).isEqualTo(16);
            assertThat(a.byteAt(0) & 0xff).as("fd00::/8").isEqualTo(0xfd);
        });
    }

    @Test
    void requestsAndStatsGetTheFlowsStandInsAndTheirLiteralsMasked() throws Exception {
        Path redacted = dir.resolve("redacted.njcap");
        BundleExport.write(CaptureFixtures.store(), new ExportRequest(TimeWindow.ALL, Set.of(), Redaction.ALL), redacted,
                ExportProgress.NONE);
        CaptureStore opened = new CaptureStore(StoreLimits.uniform(10_000, 8));
        BundleImport.into(redacted, opened);
        NodeCapture capture = opened.node("node-a").orElseThrow();
        List<SensorEvent> flows = capture.events(PayloadKind.FLOW);
        List<SensorEvent> requests = capture.events(PayloadKind.REQUEST);
        List<SensorEvent> stats = capture.events(PayloadKind.REQUEST_STATS);
        assertThat(requests).hasSize(CaptureFixtures.TICKS);
        assertThat(stats).hasSize(CaptureFixtures.TICKS);
        for (int t = 0; t < requests.size(); t++) {
            var request = requests.get(t).getRequest();
            var flowTuple = flows.get(t).getFlow().getTuple();
            assertThat(request.getTuple()).as("a request keeps matching its flow").isEqualTo(flowTuple);
            assertThat(stats.get(t).getRequestStats().getClientAddr()).isEqualTo(flowTuple.getSrcAddr());
            assertThat(stats.get(t).getRequestStats().getServerAddr()).isEqualTo(flowTuple.getDstAddr());
            assertThat(request.getLiteralsUnmasked()).as("masked now, whatever the capture did").isFalse();
            switch (t % 3) {
                case 0 -> {
                    assertThat(request.getHttp().getPath()).isEqualTo("/reset?token=?");
                    String server = IpAddressText.of(t % 5 == 0 ? flowTuple.getDstAddr().substring(12) : flowTuple.getDstAddr());
                    assertThat(request.getHttp().getHost()).isEqualTo(server + ":443");
                }
                case 1 -> assertThat(request.getPostgres().getStatement())
                        .isEqualTo("SELECT id FROM users WHERE email = ?");
                default -> assertThat(request.getRedis().getFirstKey()).isEqualTo("?");
            }
        }
        try (BundleReader reader = BundleReader.open(redacted)) {
            assertThat(reader.manifest().redactions()).contains(Redaction.MASKED_LITERALS_LINE);
        }
    }

    @Test
    void maskingLiteralsAloneKeepsAddressesAndHashingAloneKeepsLiterals() {
        SensorEvent http = CaptureFixtures.store().node("node-a").orElseThrow().events(PayloadKind.REQUEST).getFirst();
        var masked = new EventRedactor(new Redaction(false, false, false, Set.of(), true)).apply(http).getRequest();
        assertThat(masked.getHttp().getPath()).isEqualTo("/reset?token=?");
        assertThat(masked.getTuple()).isEqualTo(http.getRequest().getTuple());
        assertThat(masked.getHttp().getHost()).isEqualTo(CaptureFixtures.SERVER_V4_TEXT + ":443");
        var hashed = new EventRedactor(new Redaction(true, false, false, Set.of(), false)).apply(http).getRequest();
        assertThat(hashed.getHttp().getPath()).isEqualTo(http.getRequest().getHttp().getPath());
        assertThat(hashed.getLiteralsUnmasked()).isTrue();
        assertThat(hashed.getHttp().getHost()).doesNotContain(CaptureFixtures.SERVER_V4_TEXT).endsWith(":443");
    }

    @Test
    void theValuesInServersErrorTextsAreMaskedWithTheLiteralsAndKeptWithout() {
        Request unmasked = Request.newBuilder().setLiteralsUnmasked(true)
                .setPostgres(PostgresRequest.newBuilder().setSqlstate("23505")
                        .setErrorMessage("Key (email)=(alice@example.com) already exists, order 8123"))
                .build();
        Request redis = Request.newBuilder().setLiteralsUnmasked(true)
                .setRedis(RedisRequest.newBuilder().setError("WRONGTYPE key 'session:alice' holds a list")).build();
        Request grpc = Request.newBuilder().setLiteralsUnmasked(true)
                .setHttp(HttpRequest.newBuilder().setGrpcMessage("user \"alice\" has no wallet")).build();
        EventRedactor masking = new EventRedactor(new Redaction(false, false, false, Set.of(), true));
        EventRedactor keeping = new EventRedactor(new Redaction(false, false, false, Set.of(), false));

        assertThat(masking.apply(event(unmasked)).getRequest().getPostgres().getErrorMessage())
                .isEqualTo("Key (email)=(?) already exists, order ?");
        assertThat(masking.apply(event(unmasked)).getRequest().getPostgres().getSqlstate()).isEqualTo("23505");
        assertThat(masking.apply(event(redis)).getRequest().getRedis().getError())
                .isEqualTo("WRONGTYPE key '?' holds a list");
        assertThat(masking.apply(event(grpc)).getRequest().getHttp().getGrpcMessage()).isEqualTo("user \"?\" has no wallet");
        assertThat(keeping.apply(event(unmasked)).getRequest().getPostgres().getErrorMessage())
                .isEqualTo(unmasked.getPostgres().getErrorMessage());
        assertThat(keeping.apply(event(redis)).getRequest().getRedis().getError()).isEqualTo(redis.getRedis().getError());
    }

    private static SensorEvent event(Request request) {
        return SensorEvent.newBuilder().setRequest(request).build();
    }

    @Test
    void addressesInsideCommandLinesAreHashedWhenCommandLinesAreKept() {
        EventRedactor redactor = new EventRedactor(new Redaction(true, false, false, Set.of(), false));
        SensorEvent process = CaptureFixtures.store().node("node-a").orElseThrow().events(PayloadKind.PROCESS).getFirst();
        List<String> args = redactor.apply(process).getProcess().getCmdlineList();
        assertThat(args).hasSize(3).contains(CaptureFixtures.SECRET_ARG).noneMatch(a -> a.contains(CaptureFixtures.SERVER_V4_TEXT));
        assertThat(args.get(2)).matches("https://2[45]\\d\\.\\d+\\.\\d+\\.\\d+/x");
    }

    @Test
    void addressesInARequestsHostAndPathAreHashedLikeItsTuple() {
        EventRedactor redactor = new EventRedactor(new Redaction(true, false, false, Set.of(), false));
        SensorEvent request = CaptureFixtures.store().node("node-a").orElseThrow().events(PayloadKind.REQUEST).getFirst();
        String host = CaptureFixtures.SERVER_V4_TEXT + ":443";
        SensorEvent withHost = request.toBuilder().setRequest(request.getRequest().toBuilder().setHttp(
                request.getRequest().getHttp().toBuilder().setHost(host).setPath("/proxy/" + CaptureFixtures.SERVER_V4_TEXT)))
                .build();
        var redacted = redactor.apply(withHost).getRequest();
        assertThat(redacted.getHttp().getHost()).doesNotContain(CaptureFixtures.SERVER_V4_TEXT).endsWith(":443");
        assertThat(redacted.getHttp().getPath()).startsWith("/proxy/").doesNotContain(CaptureFixtures.SERVER_V4_TEXT);
        assertThat(redacted.getTuple().getDstAddr()).isNotEqualTo(request.getRequest().getTuple().getDstAddr());
    }

    @Test
    void textThatMerelyLooksLikeAddressesIsLeftAloneAndLoopbackIsKept() {
        AddressRedactor redactor = new AddressRedactor(new byte[32]);
        assertThat(redactor.text("/var/log/app-1.2.3.log at 12:34:56, v999.1.1.1")).isEqualTo("/var/log/app-1.2.3.log at 12:34:56, v999.1.1.1");
        assertThat(redactor.text("tcp 127.0.0.1:80->[::1]:5000")).isEqualTo("tcp 127.0.0.1:80->[::1]:5000");
        assertThat(redactor.text("pipe:[123]")).isEqualTo("pipe:[123]");
        String mapped = redactor.text("[::ffff:10.1.2.3]:80");
        assertThat(mapped).matches("\\[::ffff:2[45]\\d\\..*").doesNotContain("10.1.2.3")
                .isEqualTo("[::ffff:" + redactor.text("10.1.2.3") + "]:80");
    }

    @Test
    void labelsOutsideTheAllowListAreDropped() {
        Map<String, String> labels = Map.of("app", "checkout", "team", "payments", "owner-email", "a@b.c");
        assertThat(Redaction.keepAllowed(labels)).containsExactly(Map.entry("app", "checkout"));
        assertThat(Redaction.ALL.labelsToKeep(labels)).containsOnlyKeys("app");
        assertThat(Redaction.NONE.labelsToKeep(labels)).isEqualTo(labels);
    }

    @Test
    void manyDistinctAddressesGetDistinctStandInsEvenWhenTheirHashesCollide() {
        // 200,000 addresses into 2^28 stand-ins: dozens of raw hash collisions are expected, all re-hashed.
        AddressRedactor redactor = new AddressRedactor(new byte[32]);
        Set<ByteString> standIns = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ByteString address = ByteString.copyFrom(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            ByteString standIn = redactor.address(address);
            assertThat(standIn.byteAt(0) & 0xf0).isEqualTo(0xf0);
            assertThat(standIns.add(standIn)).as("stand-in of 10.x for %d is new", i).isTrue();
            assertThat(redactor.address(address)).isEqualTo(standIn);
        }
    }
}
