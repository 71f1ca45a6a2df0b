package dev.nightjar.protocol.bundle;

import static dev.nightjar.protocol.bundle.BundleFixtures.openFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manifest.json that is not JSON, from another version, or says something the zip contradicts. */
class BundleManifestTest {

    @TempDir
    Path dir;
    private Path valid;

    @BeforeEach
    void writeValidBundle() throws Exception {
        valid = BundleFixtures.twoNodeBundle(dir.resolve("valid.njcap"));
    }

    @Test
    void aManifestThatIsNotJson() {
        Path file = withManifestText("{\n  \"formatVersion\": 1,\n  \"nodes\": [ oops ]\n}");
        BundleException e = openFails(file);
        assertThat(e).hasMessageStartingWith("manifest.json: not valid JSON at line 3, column 14: Unrecognized token 'oops'");
        assertThat(e.getMessage()).doesNotContain("\n", "\tat ", "Exception");
    }

    @Test
    void aManifestThatIsBinaryGarbage() {
        Path file = withManifestBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThat(openFails(file).getMessage()).startsWith("manifest.json: not valid JSON at line 1, column 1: ")
                .doesNotContain("\n");
    }

    @Test
    void aManifestThatIsAnArray() {
        assertThat(openFails(withManifestText("[1, 2, 3]")))
                .hasMessage("manifest.json: expected a JSON object at the top level, found array");
    }

    @Test
    void anEmptyManifest() {
        assertThat(openFails(withManifestText(""))).hasMessage("manifest.json: is empty; expected a JSON object");
    }

    @Test
    void aManifestWithTrailingGarbageOrADuplicateKey() {
        assertThat(openFails(withManifestText("{\"formatVersion\": 1} {\"formatVersion\": 2}")))
                .hasMessage("manifest.json: not valid JSON at line 1, column 22: more content after the manifest's object");
        assertThat(openFails(withManifestText("{\"formatVersion\": 1} xx")).getMessage())
                .startsWith("manifest.json: not valid JSON at line 1, column 22: Unrecognized token 'xx'");
        assertThat(openFails(withManifestText("{\"formatVersion\": 1, \"formatVersion\": 2}")))
                .hasMessage("manifest.json: not valid JSON at line 1, column 37: Duplicate field 'formatVersion'");
    }

    @Test
    void aBundleFromANewerNightjar() {
        Path file = edited(m -> m.put("formatVersion", 3).put("createdBy", "nightjar 3.1.4"));
        assertThat(openFails(file)).hasMessage("edited.njcap: written by a newer Nightjar (format 3, created by"
                + " \"nightjar 3.1.4\"); this build reads formats 1 to 2 — upgrade Nightjar to open it");
    }

    @Test
    void aNewerBundleIsRecognisedEvenIfItsShapeChanged() {
        Path file = withManifestText("{\"formatVersion\": 7, \"nodes\": \"moved to nodes.json\"}");
        assertThat(openFails(file)).hasMessage("edited.njcap: written by a newer Nightjar (format 7, created by"
                + " an unknown program); this build reads formats 1 to 2 — upgrade Nightjar to open it");
    }

    @Test
    void formatVersionZeroMissingOrNotANumber() {
        assertThat(openFails(edited(m -> m.put("formatVersion", 0)))).hasMessage("edited.njcap: manifest.json"
                + " declares formatVersion 0, which no Nightjar has written (versions start at 1):"
                + " the bundle is damaged or forged");
        assertThat(openFails(edited(m -> m.remove("formatVersion")))).hasMessage("manifest.json: has no"
                + " formatVersion: not a Nightjar bundle manifest (or a damaged one)");
        assertThat(openFails(edited(m -> m.put("formatVersion", "1"))))
                .hasMessage("manifest.json: formatVersion must be a whole number, found \"1\"");
        assertThat(openFails(edited(m -> m.put("formatVersion", 1.5))))
                .hasMessage("manifest.json: formatVersion must be a whole number, found 1.5");
    }

    @Test
    void aDuplicateNodeIndex() {
        Path file = edited(m -> node(m, 1).put("index", 0).put("entry", "nodes/0/events.pb"));
        assertThat(openFails(file)).hasMessage("manifest.json: nodes[1]: node index 0 appears twice (also at nodes[0])");
    }

    @Test
    void aNodeWhoseEntryDoesNotMatchItsIndex() {
        assertThat(openFails(edited(m -> node(m, 1).put("entry", "nodes/0/events.pb"))))
                .hasMessage("manifest.json: nodes[1]: entry \"nodes/0/events.pb\" does not match index 1"
                        + " (expected nodes/1/events.pb)");
        assertThat(openFails(edited(m -> node(m, 1).put("entry", "../../etc/passwd"))))
                .hasMessage("manifest.json: nodes[1]: entry \"../../etc/passwd\" does not match index 1"
                        + " (expected nodes/1/events.pb)");
    }

    @Test
    void aNodeIndexOutOfRange() {
        assertThat(openFails(edited(m -> node(m, 1).put("index", -1))))
                .hasMessage("manifest.json: nodes[1]: index -1 is outside 0..1023");
    }

    @Test
    void aMissingRequiredField() {
        assertThat(openFails(edited(m -> node(m, 0).remove("sha256"))))
                .hasMessage("manifest.json: nodes[0].sha256: Missing required creator property 'sha256' (index 5)");
        assertThat(openFails(edited(m -> m.remove("nodes"))))
                .hasMessage("manifest.json: nodes: Missing required creator property 'nodes' (index 4)");
        assertThat(openFails(edited(m -> m.putNull("createdBy"))))
                .hasMessage("manifest.json: createdBy: Invalid `null` value encountered for property \"createdBy\"");
    }

    @Test
    void aFieldOfTheWrongType() {
        assertThat(openFails(edited(m -> node(m, 0).put("events", "many"))).getMessage())
                .startsWith("manifest.json: nodes[0].events: Cannot coerce String value (\"many\") to `long` value");
        assertThat(openFails(edited(m -> m.put("createdAt", "last tuesday")))).hasMessage("manifest.json: createdAt:"
                + " Cannot deserialize value of type `java.time.Instant` from String \"last tuesday\": not an ISO-8601"
                + " instant such as 2026-11-25T10:15:30Z");
        assertThat(openFails(edited(m -> m.putArray("redactions").addNull())))
                .hasMessage("manifest.json: redactions[0]: Invalid `null` value encountered for property \"redactions\"");
    }

    @Test
    void aShaThatIsNotHex() {
        assertThat(openFails(edited(m -> node(m, 0).put("sha256", "not-a-digest"))))
                .hasMessage("manifest.json: nodes[0]: sha256 must be 64 lowercase hex digits, found \"not-a-digest\"");
    }

    @Test
    void eventCountsThatDoNotAddUp() {
        assertThat(openFails(edited(m -> ((ObjectNode) node(m, 0).get("eventCounts")).put("flow", 2))))
                .hasMessage("manifest.json: nodes[0]: eventCounts add up to more than events (9)");
        assertThat(openFails(edited(m -> ((ObjectNode) node(m, 0).get("eventCounts")).remove("flow"))))
                .hasMessage("manifest.json: nodes[0]: eventCounts add up to 8 but events is 9");
        assertThat(openFails(edited(m -> ((ObjectNode) node(m, 0).get("eventCounts")).put("flow", -1))))
                .hasMessage("manifest.json: nodes[0]: eventCounts.flow is negative");
    }

    @Test
    void aSensorInfoThatIsNotASensorInfo() {
        assertThat(openFails(edited(m -> ((ObjectNode) node(m, 0).get("sensorInfo")).put("btfPresent", "maybe")))
                .getMessage())
                .startsWith("manifest.json: nodes[0].sensorInfo: not a valid nightjar.v1.SensorInfo (")
                .doesNotContain("\n");
        assertThat(openFails(edited(m -> node(m, 0).put("sensorInfo", 42))))
                .hasMessage("manifest.json: nodes[0].sensorInfo: sensorInfo must be a JSON object, found NUMBER");
    }

    @Test
    void aTimeRangeBackwardsOrAKubernetesSnapshotThatIsNoObject() {
        assertThat(openFails(edited(m -> ((ObjectNode) m.get("timeRange")).put("startNs", 9_000_000))))
                .hasMessage("manifest.json: timeRange starts (9000000) after it ends (2008000)");
        assertThat(openFails(edited(m -> m.putArray("kubernetes"))))
                .hasMessage("manifest.json: kubernetes must be a JSON object, found ARRAY");
    }

    /** 2,000,001 small numbers: 4 MB of JSON, but a tree that could grow with no bound but the 64 MiB. */
    @Test
    void aManifestWithMoreJsonTokensThanTheLimitIsNotLoaded() {
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        json.writeBytes("{\"formatVersion\": 1, \"kubernetes\": {\"x\": [0".getBytes(StandardCharsets.UTF_8));
        java.util.Random random = new java.util.Random(3);
        for (long i = 0; i < BundleLimits.MAX_MANIFEST_JSON_TOKENS; i++) {
            json.write(',');
            json.write('0' + random.nextInt(10));
        }
        json.writeBytes("]}}".getBytes(StandardCharsets.UTF_8));
        assertThat(openFails(withManifestBytes(json.toByteArray())).getMessage())
                .startsWith("manifest.json: refusing to load it, over a limit that keeps memory bounded (Token count"
                        + " (2000001) exceeds the maximum allowed (2000000");
    }

    @Test
    void unknownFieldsFromALaterV1WriterAreIgnored() throws Exception {
        Path file = edited(m -> {
            m.put("compressionHint", "zstd-someday");
            node(m, 0).putObject("annotations").put("team", "payments");
        });
        try (BundleReader reader = BundleReader.open(file)) {
            assertThat(reader.manifest().nodes()).hasSize(2);
            assertThat(reader.verify()).isEmpty();
        }
    }

    @Test
    void hostileTextInTheManifestStaysOnOneShortLine() {
        String name = "x".repeat(10_000) + "\n\u001b[31mFAKE: all good";
        BundleException e = openFails(edited(m -> node(m, 0).put("sha256", name)));
        assertThat(e.getMessage()).doesNotContain("\n", "\u001b").hasSizeLessThan(400)
                .startsWith("manifest.json: nodes[0]: sha256 must be 64 lowercase hex digits, found \"xxxx");
    }

    private static ObjectNode node(ObjectNode manifest, int position) {
        return (ObjectNode) manifest.get("nodes").get(position);
    }

    private Path edited(Consumer<ObjectNode> edit) {
        return BundleFixtures.withManifest(valid, dir.resolve("edited.njcap"), edit);
    }

    private Path withManifestText(String text) {
        return withManifestBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path withManifestBytes(byte[] manifest) {
        Map<String, byte[]> entries = BundleFixtures.entries(valid);
        entries.put(EntryNames.MANIFEST, manifest);
        return BundleFixtures.writeZip(dir.resolve("edited.njcap"), entries, Set.of());
    }
}
