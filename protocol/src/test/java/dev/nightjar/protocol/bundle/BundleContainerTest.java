package dev.nightjar.protocol.bundle;

import static dev.nightjar.protocol.bundle.BundleFixtures.openFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or broken files at the level of the zip container: what {@link BundleReader#open} refuses. */
class BundleContainerTest {

    private static final long BOMB_BYTES = 200L * 1024 * 1024;
    private static final long CLAIMED_BYTES = 1L << 20;
    private static final String NODE_0 = EntryNames.nodeEntry(0);
    private static final String ZEROS_SHA = "0".repeat(64);

    /**
     * A bundle whose node 0 entry inflates to 200 MB of zeros, with a manifest that claims
     * 1 MiB for it (1 MiB of zero bytes: that many empty records). Deflating 200 MB takes
     * seconds on a busy machine: built once, copied per test.
     */
    @TempDir
    static Path shared;
    private static Path bomb;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildBomb() {
        ObjectNode manifest = BundleFixtures.manifestForOneNode(CLAIMED_BYTES,
                BundleFixtures.sha256Hex(new byte[(int) CLAIMED_BYTES]), CLAIMED_BYTES);
        bomb = BundleFixtures.writeZerosZip(shared.resolve("bomb.njcap"), NODE_0, BOMB_BYTES,
                Map.of(EntryNames.MANIFEST, BundleFixtures.json(manifest)));
    }

    @Test
    void anEmptyFile() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.njcap"));
        assertThat(openFails(file)).hasMessage("empty.njcap: the file is empty (0 bytes), not a Nightjar bundle;"
                + " was the copy or download interrupted?");
    }

    @Test
    void anEmptyZip() {
        Path file = BundleFixtures.writeZip(dir.resolve("empty-zip.njcap"), Map.of(), Set.of());
        assertThat(openFails(file)).hasMessage("empty-zip.njcap: the zip is empty (no entries): not a Nightjar bundle");
    }

    @Test
    void aFileThatIsNoZip() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.njcap"), "these are my notes about the incident\n".repeat(10));
        assertThat(openFails(file)).hasMessage("notes.njcap: not a complete zip file (no end-of-central-directory"
                + " record at its end): the file is truncated or not a Nightjar bundle");
    }

    @ParameterizedTest(name = "cut to {0} of its length")
    @ValueSource(doubles = {0.05, 0.25, 0.5, 0.9, 0.99, 0.999})
    void aTruncatedBundle(double fraction) throws Exception {
        byte[] whole = Files.readAllBytes(BundleFixtures.twoNodeBundle(dir.resolve("whole.njcap")));
        Path cut = Files.write(dir.resolve("cut.njcap"), Arrays.copyOf(whole, (int) (whole.length * fraction)));
        assertThat(openFails(cut)).hasMessage("cut.njcap: not a complete zip file (no end-of-central-directory"
                + " record at its end): the file is truncated or not a Nightjar bundle");
    }

    @ParameterizedTest(name = "cut to its last {0} bytes missing")
    @ValueSource(ints = {1, 21, 22, 23})
    void aBundleMissingItsLastBytes(int missing) throws Exception {
        byte[] whole = Files.readAllBytes(BundleFixtures.twoNodeBundle(dir.resolve("whole.njcap")));
        Path cut = Files.write(dir.resolve("cut.njcap"), Arrays.copyOf(whole, whole.length - missing));
        assertThat(openFails(cut).problem()).contains("the file is truncated");
    }

    @Test
    void aFileTooShortToBeAZip() throws Exception {
        Path file = Files.write(dir.resolve("tiny.njcap"), new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThat(openFails(file)).hasMessage("tiny.njcap: only 6 bytes, too short to be a zip file:"
                + " the file is truncated or not a Nightjar bundle");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../evil                  | a path that climbs out of the bundle ('..')",
        "nodes/0/../../evil       | a path that climbs out of the bundle ('..')",
        "/etc/cron.d/evil         | an absolute path",
        "C:/Windows/evil          | an absolute path",
        "nodes\\0\\events.pb      | a path with a backslash",
        "nodes/x/events.pb        | not an entry of bundle format v1",
        "nodes/01/events.pb       | not an entry of bundle format v1",
        "nodes/0/events.pb.sh     | not an entry of bundle format v1",
        "Manifest.json            | not an entry of bundle format v1",
        "nodes/                   | not an entry of bundle format v1",
        "nodes/1024/events.pb     | node index 1024 is over the limit of 1023",
        "nodes/9999999999/events.pb  | node index 9999999999 is over the limit of 1023",
        "nodes/99999999999/events.pb | not an entry of bundle format v1",
    })
    void anEntryThatIsNotInFormatV1(String name, String reason) throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(BundleFixtures.twoNodeBundle(dir.resolve("ok.njcap")));
        entries.put(name, "#!/bin/sh\nrm -rf /\n".getBytes());
        Path file = BundleFixtures.writeZip(dir.resolve("evil.njcap"), entries, Set.of());
        assertThat(openFails(file)).hasMessage("evil.njcap: refusing entry \"" + name + "\": " + reason
                + "; a v1 bundle holds only manifest.json, nodes/<i>/events.pb and cluster/snapshot.json");
    }

    @Test
    void anEntryNameWithANewlineCannotForgeASecondLine() throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(BundleFixtures.twoNodeBundle(dir.resolve("ok.njcap")));
        entries.put("x\nnodes/0/events.pb: OK\u001b[2J", new byte[1]);
        Path file = BundleFixtures.writeZip(dir.resolve("forged.njcap"), entries, Set.of());
        assertThat(openFails(file).getMessage())
                .doesNotContain("\n", "\u001b")
                .startsWith("forged.njcap: refusing entry \"x nodes/0/events.pb: OK\\u001b[2J\"");
    }

    @Test
    void anEntryTwiceUnderTheSameName() throws Exception {
        Path file = BundleFixtures.twoNodeBundle(dir.resolve("dup.njcap"));
        ZipSurgery.rename(file, "nodes/1/events.pb", "nodes/0/events.pb");
        assertThat(openFails(file)).hasMessage("dup.njcap: entry \"nodes/0/events.pb\" appears twice in the zip:"
                + " the bundle is damaged or forged");
    }

    @Test
    void aNodeEntryTheManifestDoesNotList() throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(BundleFixtures.twoNodeBundle(dir.resolve("ok.njcap")));
        entries.put("nodes/7/events.pb", new byte[0]);
        Path file = BundleFixtures.writeZip(dir.resolve("extra.njcap"), entries, Set.of());
        assertThat(openFails(file)).hasMessage("nodes/7/events.pb: is in the zip but not listed in manifest.json:"
                + " the bundle is damaged or forged");
    }

    @Test
    void aNodeEntryTheZipLacks() throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(BundleFixtures.twoNodeBundle(dir.resolve("ok.njcap")));
        entries.remove("nodes/1/events.pb");
        Path file = BundleFixtures.writeZip(dir.resolve("missing.njcap"), entries, Set.of());
        assertThat(openFails(file)).hasMessage("nodes/1/events.pb: is listed in manifest.json but missing from the zip");
    }

    @Test
    void noManifest() throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(BundleFixtures.twoNodeBundle(dir.resolve("ok.njcap")));
        entries.remove(EntryNames.MANIFEST);
        Path file = BundleFixtures.writeZip(dir.resolve("nomanifest.njcap"), entries, Set.of());
        assertThat(openFails(file)).hasMessage("nomanifest.njcap: the zip has no manifest.json: not a Nightjar bundle");
    }

    @Test
    void theCentralDirectoryAndTheManifestDisagreeOnASize() throws Exception {
        Path file = BundleFixtures.twoNodeBundle(dir.resolve("sizes.njcap"));
        long size;
        try (BundleReader reader = BundleReader.open(file)) {
            size = reader.manifest().nodes().get(1).size();
        }
        ZipSurgery.setDeclaredSize(file, "nodes/1/events.pb", size - 1);
        assertThat(openFails(file)).hasMessage("nodes/1/events.pb: the zip's central directory gives " + (size - 1)
                + " bytes, manifest.json declares " + size + ": the bundle is damaged or forged");
    }

    /**
     * ZipFile reads the whole central directory into one array; a 200 MB sparse file whose end
     * record declares a 150 MB central directory would make it allocate 150 MB (over this JVM's
     * test heap). The end-record check refuses it first.
     */
    @Test
    void aCentralDirectoryLargerThanABundleNeedsIsRefusedBeforeZipFileAllocatesIt() throws Exception {
        Path file = dir.resolve("huge-cd.njcap");
        long fileSize = 200L << 20;
        long cdSize = 150L << 20;
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1).putShort((short) 1)
                .putInt((int) cdSize).putInt((int) (fileSize - 22 - cdSize)).putShort((short) 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(fileSize); // sparse: costs no disk
            raf.seek(fileSize - 22);
            raf.write(end.array());
        }
        assertThat(openFails(file)).hasMessage("huge-cd.njcap: the zip's central directory declares 157286400 bytes,"
                + " over the limit of 1 MiB: not a Nightjar bundle (a bundle has at most 1026 entries)");
    }

    @Test
    void aZipBombIsRefusedByItsCompressionRatioBeforeAnythingIsInflated() throws Exception {
        Path file = Files.copy(bomb, dir.resolve("bomb.njcap"));
        long compressed = ZipSurgery.compressedSize(file, NODE_0);
        assertThat(BOMB_BYTES / compressed).isGreaterThan(BundleLimits.MAX_COMPRESSION_RATIO);
        assertThat(openFails(file)).hasMessage(NODE_0 + ": would inflate " + compressed + " bytes into " + BOMB_BYTES
                + " (ratio " + (BOMB_BYTES / compressed) + ":1), over the limit of 1000:1;"
                + " refusing to inflate it (a zip bomb?)");
    }

    /**
     * The same bomb, but its central directory and the manifest claim 1 MiB: it opens, and replay
     * stops on the first byte past 1 MiB. Zero bytes decode as empty records (length 0), one per
     * byte, so the count of delivered events shows how far inflation went.
     */
    @Test
    void aZipBombWhoseCentralDirectoryAndManifestUnderstateItsSizeStopsAtTheDeclaredSize() throws Exception {
        Path file = Files.copy(bomb, dir.resolve("liar.njcap"));
        ZipSurgery.setDeclaredSize(file, NODE_0, CLAIMED_BYTES);

        AtomicLong delivered = new AtomicLong();
        String expected = NODE_0 + " (node \"node-a\"): yields more than the 1048576 bytes declared for it;"
                + " stopped reading (the entry is damaged, or a zip bomb that understates its size)";
        try (BundleReader reader = BundleReader.open(file)) {
            assertThatThrownBy(() -> reader.replay(0, event -> delivered.incrementAndGet()))
                    .isInstanceOf(BundleException.class).hasMessage(expected);
            assertThat(reader.verify()).containsExactly(expected);
        }
        assertThat(delivered.get()).isPositive().isLessThanOrEqualTo(CLAIMED_BYTES);
    }

    @Test
    void aManifestBombWhoseCentralDirectoryUnderstatesItsSizeIsNotReadPastIt() {
        // Size does not matter once the declared size is patched: 20 MB keep the test quick.
        Path file = BundleFixtures.writeZerosZip(dir.resolve("manifest-bomb.njcap"), EntryNames.MANIFEST, 20L << 20,
                Map.of());
        ZipSurgery.setDeclaredSize(file, EntryNames.MANIFEST, 1000);
        assertThat(openFails(file)).hasMessage("manifest.json: yields more than the 1000 bytes declared for it;"
                + " stopped reading (the entry is damaged, or a zip bomb that understates its size)");
    }

    @Test
    void aManifestDeclaredOverTheLimitIsNotRead() throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(BundleFixtures.twoNodeBundle(dir.resolve("ok.njcap")));
        Path file = BundleFixtures.writeZip(dir.resolve("fat.njcap"), entries, Set.of(EntryNames.MANIFEST));
        long declared = BundleLimits.MAX_MANIFEST_BYTES + 1;
        ZipSurgery.setDeclaredSize(file, EntryNames.MANIFEST, declared);
        ZipSurgery.setCompressedSize(file, EntryNames.MANIFEST, declared);
        assertThat(openFails(file)).hasMessage("manifest.json: 67108865 bytes, over the limit of 64 MiB");
    }
}
