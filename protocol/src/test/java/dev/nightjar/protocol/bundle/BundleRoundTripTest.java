package dev.nightjar.protocol.bundle;

import static dev.nightjar.protocol.bundle.BundleFixtures.everyKind;
import static dev.nightjar.protocol.bundle.BundleFixtures.sensorInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleRoundTripTest {

    @TempDir
    Path dir;

    private final List<SensorEvent> nodeA = everyKind("ip-10-0-0-1.ec2.internal", 5_000_000);
    // Node names are any string: quotes, non-ASCII, spaces.
    private final String oddName = "wörker \"7\" / 節点";
    private final List<SensorEvent> nodeB = everyKind(oddName, 1_000_000);
    private final List<SensorEvent> emptyNode = List.of();

    @Test
    void everyFieldAndEveryEventComesBackInOrder() throws Exception {
        ObjectNode kubernetes = BundleFixtures.JSON.createObjectNode();
        kubernetes.putObject("pods").putObject("default/web-0").put("ip", "10.1.2.3").put("node", "node-a");
        kubernetes.putArray("services").addObject().put("name", "web").put("clusterIP", "10.96.0.10");
        List<String> redactions = List.of("pod environment values", "cmdline arguments after --password");
        Path file = dir.resolve("incident-42.njcap");
        Instant before = Instant.now();

        try (BundleWriter writer = BundleWriter.create(file, "nightjar 0.1.0")) {
            record("ip-10-0-0-1.ec2.internal", nodeA, writer, true);
            record(oddName, nodeB, writer, true);
            record("node-without-info", emptyNode, writer, false);
            writer.setKubernetesSnapshot(kubernetes);
            writer.setRedactions(redactions);
            writer.commit();
        }

        try (BundleReader reader = BundleReader.open(file)) {
            Manifest manifest = reader.manifest();
            assertThat(manifest.formatVersion()).isEqualTo(Manifest.FORMAT_VERSION).isEqualTo(2);
            assertThat(manifest.createdBy()).isEqualTo("nightjar 0.1.0");
            assertThat(manifest.createdAt()).isBetween(before.minus(Duration.ofSeconds(1)), Instant.now());
            assertThat(manifest.timeRange()).isEqualTo(new Manifest.TimeRange(1_000_000, 5_000_000 + 8_000));
            assertThat(manifest.kubernetes()).isEqualTo(kubernetes);
            assertThat(manifest.redactions()).isEqualTo(redactions);

            assertThat(manifest.nodes()).extracting(Manifest.Node::index, Manifest.Node::name, Manifest.Node::entry,
                            Manifest.Node::events)
                    .containsExactly(
                            tuple(0, "ip-10-0-0-1.ec2.internal", "nodes/0/events.pb", 9L),
                            tuple(1, oddName, "nodes/1/events.pb", 9L),
                            tuple(2, "node-without-info", "nodes/2/events.pb", 0L));
            Manifest.Node a = manifest.nodes().get(0);
            assertThat(a.sensorInfo()).isEqualTo(sensorInfo("ip-10-0-0-1.ec2.internal"));
            assertThat(a.eventCounts()).containsExactly(
                    Map.entry("info", 1L), Map.entry("flow", 1L), Map.entry("drop", 1L), Map.entry("syscall_span", 1L),
                    Map.entry("syscall_histogram", 1L), Map.entry("stacks", 1L), Map.entry("process", 1L),
                    Map.entry("lost", 1L), Map.entry("heartbeat", 1L));
            assertThat(a.size()).isEqualTo(BundleFixtures.delimited(nodeA).length);
            assertThat(a.sha256()).isEqualTo(BundleFixtures.sha256Hex(BundleFixtures.delimited(nodeA)));
            assertThat(manifest.nodes().get(2).sensorInfo()).isNull();
            assertThat(manifest.nodes().get(2).eventCounts()).isEmpty();

            Map<Integer, List<SensorEvent>> replayed = BundleFixtures.replayAll(reader);
            assertThat(replayed.get(0)).containsExactlyElementsOf(nodeA);
            assertThat(replayed.get(1)).containsExactlyElementsOf(nodeB);
            assertThat(replayed.get(2)).isEmpty();
            assertThat(reader.verify()).isEmpty();
        }
        assertThat(BundleReader.verify(file)).isEmpty();
    }

    @Test
    void manifestIsTheLastEntryAndNodesAreDeflatedInIndexOrder() throws Exception {
        Path file = BundleFixtures.twoNodeBundle(dir.resolve("order.njcap"));
        List<String> names = new ArrayList<>();
        List<Integer> methods = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                methods.add(e.getMethod());
            }
        }
        assertThat(names).containsExactly("nodes/0/events.pb", "nodes/1/events.pb", "manifest.json");
        assertThat(methods).containsOnly(ZipEntry.DEFLATED);
    }

    @Test
    void manifestUsesTheDocumentedFieldNamesAndProtobufJsonForSensorInfo() throws Exception {
        Path file = BundleFixtures.twoNodeBundle(dir.resolve("fields.njcap"));
        ObjectNode manifest = BundleFixtures.manifest(BundleFixtures.entries(file));
        assertThat(manifest.properties()).extracting(Map.Entry::getKey)
                .containsExactly("formatVersion", "createdBy", "createdAt", "timeRange", "nodes", "redactions");
        assertThat(manifest.get("timeRange").get("startNs").asLong()).isEqualTo(1_000_000);
        assertThat(manifest.get("redactions").isArray()).isTrue();
        ObjectNode node = (ObjectNode) manifest.get("nodes").get(1);
        assertThat(node.properties()).extracting(Map.Entry::getKey).containsExactly(
                "index", "name", "entry", "events", "size", "sha256", "eventCounts", "sensorInfo");
        // Protobuf's JSON mapping: lowerCamelCase names, uint64 as strings, enums by name.
        assertThat(node.get("sensorInfo").get("kernelRelease").asText()).isEqualTo("6.18.0");
        assertThat(node.get("sensorInfo").get("startedAtNs").asText()).isEqualTo("1700000000000000000");
        assertThat(node.get("sensorInfo").get("features").get(0).get("feature").asText()).isEqualTo("FEATURE_FLOWS");
        assertThat(Instant.parse(manifest.get("createdAt").asText())).isNotNull();
    }

    @Test
    void requestsAndRequestStatsComeBackWholeAndAreCountedUnderTheirOwnKeys() throws Exception {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40_000)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        SensorEvent request = SensorEvent.newBuilder().setNode("node-a").setTimestampNs(1_000).setSequence(0)
                .setRequest(Request.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1).setTuple(tuple)
                        .setLatencyNs(3_000_000).setError(true)
                        .setHttp(HttpRequest.newBuilder().setMethod("GET").setPath("/orders/7?id=?")
                                .setRoute("/orders/{id}").setStatus(500)))
                .build();
        SensorEvent stats = SensorEvent.newBuilder().setNode("node-a").setTimestampNs(2_000).setSequence(1)
                .setRequestStats(RequestStats.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)
                        .setClientAddr(tuple.getSrcAddr()).setServerAddr(tuple.getDstAddr()).setServerPort(8080)
                        .setMethod("GET").setRoute("/orders/{id}").setStatusClass("5xx").setCount(4).setErrors(4)
                        .addAllLog2Buckets(List.of(0L, 0L, 4L)))
                .build();
        Path file = dir.resolve("requests.njcap");
        try (BundleWriter writer = BundleWriter.create(file, "nightjar 0.1.0")) {
            record("node-a", List.of(request, stats), writer, true);
            writer.commit();
        }
        try (BundleReader reader = BundleReader.open(file)) {
            assertThat(reader.manifest().formatVersion()).isEqualTo(2);
            assertThat(reader.manifest().nodes().getFirst().eventCounts())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("request", 1L, "request_stats", 1L));
            assertThat(BundleFixtures.replayAll(reader).get(0)).containsExactly(request, stats);
        }
    }

    private static void record(String name, List<SensorEvent> events, BundleWriter writer, boolean withInfo)
            throws BundleException {
        try (NodeRecorder node = writer.node(name, withInfo ? sensorInfo(name) : null)) {
            for (SensorEvent event : events) {
                node.append(event);
            }
            assertThat(node.events()).isEqualTo(events.size());
        }
    }
}
