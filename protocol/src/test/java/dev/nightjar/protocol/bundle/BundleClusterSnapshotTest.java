package dev.nightjar.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional cluster/snapshot.json entry: written, declared, checked, and optional. */
class BundleClusterSnapshotTest {

    private static final byte[] SNAPSHOT = "{\"version\":1,\"pods\":[{\"name\":\"web-1\"}]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path bundleWithSnapshot(byte[] snapshot) throws BundleException {
        Path file = dir.resolve("with-snapshot.njcap");
        try (BundleWriter writer = BundleWriter.create(file, BundleFixtures.CREATED_BY)) {
            try (NodeRecorder node = writer.node("node-a", BundleFixtures.sensorInfo("node-a"))) {
                for (var event : BundleFixtures.everyKind("node-a", 1_000_000)) {
                    node.append(event);
                }
            }
            writer.setClusterSnapshot(snapshot);
            writer.commit();
        }
        return file;
    }

    @Test
    void theSnapshotEntryRoundTripsAndIsDeclaredWithSizeAndDigest() throws Exception {
        Path file = bundleWithSnapshot(SNAPSHOT);
        try (BundleReader reader = BundleReader.open(file)) {
            Manifest.Attachment declared = reader.manifest().clusterSnapshot();
            assertThat(declared.entry()).isEqualTo("cluster/snapshot.json");
            assertThat(declared.size()).isEqualTo(SNAPSHOT.length);
            assertThat(declared.sha256()).isEqualTo(Digests.sha256Hex(SNAPSHOT));
            assertThat(reader.clusterSnapshot()).hasValueSatisfying(b -> assertThat(b).isEqualTo(SNAPSHOT));
            assertThat(reader.verify()).isEmpty();
        }
    }

    @Test
    void aBundleWithoutTheEntryStillOpensAndHasNoSnapshot() throws Exception {
        Path file = BundleFixtures.twoNodeBundle(dir.resolve("plain.njcap"));
        assertThat(BundleFixtures.entries(file)).doesNotContainKey("cluster/snapshot.json");
        try (BundleReader reader = BundleReader.open(file)) {
            assertThat(reader.manifest().clusterSnapshot()).isNull();
            assertThat(reader.clusterSnapshot()).isEmpty();
        }
    }

    @Test
    void aDamagedSnapshotIsReportedByNameWhileTheNodesStayReadable() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(BundleFixtures.entries(bundleWithSnapshot(SNAPSHOT)));
        byte[] forged = SNAPSHOT.clone();
        forged[forged.length - 3] = 'X'; // same size, other bytes
        entries.put("cluster/snapshot.json", forged);
        Path damaged = BundleFixtures.writeZip(dir.resolve("damaged.njcap"), entries, Set.of());
        try (BundleReader reader = BundleReader.open(damaged)) {
            assertThatThrownBy(reader::clusterSnapshot).isInstanceOf(BundleException.class)
                    .hasMessageStartingWith("cluster/snapshot.json: SHA-256 is").hasMessageContaining("damaged");
            assertThat(reader.replay(0, e -> { })).isPositive();
        }
    }

    @Test
    void anUndeclaredSnapshotEntryIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(BundleFixtures.entries(
                BundleFixtures.twoNodeBundle(dir.resolve("plain.njcap"))));
        entries.put("cluster/snapshot.json", SNAPSHOT);
        Path forged = BundleFixtures.writeZip(dir.resolve("forged.njcap"), entries, Set.of());
        assertThatThrownBy(() -> BundleReader.open(forged)).isInstanceOf(BundleException.class)
                .hasMessage("cluster/snapshot.json: is in the zip but not listed in manifest.json: the bundle is damaged"
                        + " or forged");
    }

    @Test
    void theWriterRefusesASnapshotOverTheLimit() throws Exception {
        try (BundleWriter writer = BundleWriter.create(dir.resolve("big.njcap"), BundleFixtures.CREATED_BY)) {
            byte[] big = new byte[(int) BundleLimits.MAX_CLUSTER_SNAPSHOT_BYTES + 1];
            assertThatThrownBy(() -> writer.setClusterSnapshot(big)).isInstanceOf(BundleException.class)
                    .hasMessageContaining("over the limit of 64 MiB");
        }
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
