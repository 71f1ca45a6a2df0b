package dev.nightjar.protocol.bundle;

import static dev.nightjar.protocol.bundle.BundleFixtures.concat;
import static dev.nightjar.protocol.bundle.BundleFixtures.delimited;
import static dev.nightjar.protocol.bundle.BundleFixtures.everyKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Node entries whose data is damaged or hostile: what {@link BundleReader#replay} and verify report. */
class BundleEntryDataTest {

    private static final String NODE_A = "nodes/0/events.pb (node \"node-a\")";
    private static final List<SensorEvent> EVENTS = everyKind("node-a", 1_000_000);
    private static final byte[] VALID = delimited(EVENTS);

    @TempDir
    Path dir;
    private Path valid;

    @BeforeEach
    void writeValidBundle() throws Exception {
        valid = BundleFixtures.twoNodeBundle(dir.resolve("valid.njcap"));
    }

    static List<Arguments> hostileRecords() {
        int at = VALID.length;
        return List.of(
                Arguments.of("a length prefix claiming 2 GiB", concat(VALID, 0x80, 0x80, 0x80,
                        0x80, 0x08, 1, 2, 3),
                        "record 10 at byte offset " + at + ": the length prefix declares 2147483648 bytes, over the"
                                + " 16 MiB record limit"),
                Arguments.of("a negative length prefix", concat(VALID, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
                        "record 10 at byte offset " + at + ": the length prefix is negative (-1)"),
                Arguments.of("an 11-byte length prefix", concat(VALID, 0x80, 0x80, 0x80,
                        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
                        "record 10 at byte offset " + at + ": malformed length prefix (longer than 10 bytes)"),
                Arguments.of("a truncated length prefix", concat(VALID, 0x80),
                        "record 10 at byte offset " + at + ": the entry ends inside the record's length prefix"
                                + " (truncated)"),
                Arguments.of("a record cut short", concat(VALID, 100, 1, 2, 3),
                        "record 10 at byte offset " + at + ": the length prefix declares 100 bytes, but only 3 remain"
                                + " in the entry (truncated or damaged)"),
                Arguments.of("a record that is no SensorEvent", concat(VALID, 3, 0xff, 0xff,
                        0xff),
                        "record 10 at byte offset " + at + ": not a valid nightjar.v1.SensorEvent ("));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void aHostileRecordIsNamedByEntryRecordAndOffsetAfterTheGoodOnesAreDelivered(String what, byte[] data,
                                                                                 String problem) throws Exception {
        Path file = BundleFixtures.withNodeData(valid, dir.resolve("hostile.njcap"), data, EVENTS.size() + 1);
        List<SensorEvent> delivered = new ArrayList<>();
        try (BundleReader reader = BundleReader.open(file)) {
            assertThatThrownBy(() -> reader.replay(0, delivered::add))
                    .isInstanceOf(BundleException.class)
                    .hasMessageStartingWith(NODE_A + ": " + problem)
                    .satisfies(e -> assertThat(((BundleException) e).where()).isEqualTo(NODE_A));
            assertThat(reader.verify()).singleElement().asString().startsWith(NODE_A + ": " + problem);
            assertThat(reader.replay(1, event -> { })).isEqualTo(9);
        }
        assertThat(delivered).containsExactlyElementsOf(EVENTS);
    }

    /**
     * A STORED entry with one byte changed inside a string: every record still parses (and the
     * zip's CRC is never checked by ZipFile), so only the SHA-256 can tell. The events stay
     * delivered, the changed one included, and the exception says the entry is damaged.
     */
    @Test
    void aFlippedByteInAStoredEntryIsCaughtByTheChecksum() throws Exception {
        List<SensorEvent> events = new ArrayList<>(EVENTS);
        events.add(BundleFixtures.process("node-a", "flip-me-marker", 1_500_000));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(EntryNames.nodeEntry(0), delimited(events));
        entries.put(EntryNames.MANIFEST, BundleFixtures.json(BundleFixtures.manifestForOneNode(
                entries.get(EntryNames.nodeEntry(0)).length, BundleFixtures.sha256Hex(entries.get(EntryNames.nodeEntry(0))),
                events.size())));
        Path file = BundleFixtures.writeZip(dir.resolve("flipped.njcap"), entries, Set.of(EntryNames.nodeEntry(0)));
        byte[] bytes = Files.readAllBytes(file);
        int marker = indexOf(bytes, "flip-me-marker".getBytes(StandardCharsets.UTF_8));
        bytes[marker] = 'F';
        Files.write(file, bytes);

        List<SensorEvent> delivered = new ArrayList<>();
        try (BundleReader reader = BundleReader.open(file)) {
            assertThatThrownBy(() -> reader.replay(0, delivered::add))
                    .isInstanceOf(BundleException.class)
                    .hasMessageMatching("\\Q" + NODE_A + ": SHA-256 mismatch: the data hashes to \\E[0-9a-f]{16}…,"
                            + " manifest.json declares [0-9a-f]{16}…: the entry is damaged");
        }
        assertThat(delivered).hasSize(events.size());
        assertThat(delivered.getLast().getProcess().getComm()).isEqualTo("Flip-me-marker");
    }

    /** One byte changed in the middle of deflated data: inflating fails, or what comes out is wrong. */
    @Test
    void aFlippedByteInADeflatedEntryIsReportedForThatEntry() throws Exception {
        List<SensorEvent> pool = BundleFixtures.payloadPool(new Random(1), 2000);
        List<SensorEvent> events = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            events.add(BundleFixtures.stamped(pool.get(i), "node-a", i));
        }
        Path file = BundleFixtures.writeBundle(dir.resolve("deflated.njcap"), Map.of("node-a", events));
        long middle = ZipSurgery.dataOffset(file, EntryNames.nodeEntry(0))
                + ZipSurgery.compressedSize(file, EntryNames.nodeEntry(0)) / 2;
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) middle] ^= 0x55;
        Files.write(file, bytes);

        try (BundleReader reader = BundleReader.open(file)) {
            assertThat(reader.verify()).singleElement().asString()
                    .startsWith(NODE_A + ": ")
                    .containsAnyOf("the compressed data is damaged", "SHA-256 mismatch", "record ");
        }
    }

    @Test
    void anEntryThatEndsBeforeItsDeclaredSize() throws Exception {
        Path file = BundleFixtures.withNodeData(valid, dir.resolve("short.njcap"), VALID, EVENTS.size());
        BundleFixtures.withManifest(file, dir.resolve("short2.njcap"),
                m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("nodes").get(0)).put("size", VALID.length + 10));
        Path lying = dir.resolve("short2.njcap");
        ZipSurgery.setDeclaredSize(lying, EntryNames.nodeEntry(0), VALID.length + 10);
        try (BundleReader reader = BundleReader.open(lying)) {
            assertThatThrownBy(() -> reader.replay(0, event -> { }))
                    .hasMessage(NODE_A + ": ends after " + VALID.length + " bytes, but manifest.json declares "
                            + (VALID.length + 10) + ": the entry is truncated");
        }
    }

    @Test
    void anEventCountThatDisagreesWithTheData() throws Exception {
        Path file = BundleFixtures.withNodeData(valid, dir.resolve("count.njcap"), VALID, EVENTS.size() + 1);
        try (BundleReader reader = BundleReader.open(file)) {
            assertThatThrownBy(() -> reader.replay(0, event -> { }))
                    .hasMessage(NODE_A + ": holds 9 events, but manifest.json declares 10");
        }
    }

    @Test
    void verifyListsEveryDamagedNodeOnItsOwnLineAndOpenFailuresAsOneLine() throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(valid);
        byte[] b = entries.get("nodes/1/events.pb");
        entries.put("nodes/0/events.pb", concat(VALID, 0x80));
        entries.put("nodes/1/events.pb", java.util.Arrays.copyOf(b, b.length - 1));
        // Sizes must still agree with the central directory, or open() refuses the bundle first.
        Path file = BundleFixtures.writeZip(dir.resolve("two-bad.njcap"), entries, Set.of());
        ZipSurgery.setDeclaredSize(file, "nodes/0/events.pb", VALID.length);
        ZipSurgery.setDeclaredSize(file, "nodes/1/events.pb", b.length);

        assertThat(BundleReader.verify(file)).containsExactly(
                NODE_A + ": yields more than the " + VALID.length + " bytes declared for it; stopped reading (the entry"
                        + " is damaged, or a zip bomb that understates its size)",
                "nodes/1/events.pb (node \"node-b\"): record 9 at byte offset " + (b.length - 20) + ": the record"
                        + " declares 19 bytes, but the entry ends after 18 of them (truncated)");
        assertThat(BundleReader.verify(Files.write(dir.resolve("junk.njcap"), new byte[100])))
                .containsExactly("junk.njcap: not a complete zip file (no end-of-central-directory record at its end):"
                        + " the file is truncated or not a Nightjar bundle");
    }

    @Test
    void replayOfAnIndexTheManifestDoesNotListIsAProgrammingError() throws Exception {
        try (BundleReader reader = BundleReader.open(valid)) {
            assertThatThrownBy(() -> reader.replay(5, event -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bundle valid.njcap has no node with index 5; its indexes are [0, 1]");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}
