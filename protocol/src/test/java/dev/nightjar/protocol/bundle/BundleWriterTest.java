package dev.nightjar.protocol.bundle;

import static dev.nightjar.protocol.bundle.BundleFixtures.everyKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

    @TempDir
    Path dir;

    @Test
    void theFinalNameAppearsOnlyOnCommitAndTheTemporaryFileIsGoneAfterIt() throws Exception {
        Path target = dir.resolve("capture.njcap");
        try (BundleWriter writer = BundleWriter.create(target, BundleFixtures.CREATED_BY)) {
            try (NodeRecorder node = writer.node("node-a", null)) {
                for (SensorEvent event : everyKind("node-a", 1)) {
                    node.append(event);
                }
                assertThat(target).doesNotExist();
                assertThat(files()).singleElement().satisfies(temp -> assertThat(temp.getFileName().toString())
                        .startsWith("capture.njcap.").endsWith(".tmp"));
            }
            assertThat(target).doesNotExist();
            writer.commit();
        }
        assertThat(files()).containsExactly(target);
        try (BundleReader reader = BundleReader.open(target)) {
            assertThat(reader.manifest().nodes()).hasSize(1);
        }
    }

    @Test
    void abortLeavesNeitherTheBundleNorTheTemporaryFile() throws Exception {
        Path target = dir.resolve("aborted.njcap");
        try (BundleWriter writer = BundleWriter.create(target, BundleFixtures.CREATED_BY)) {
            writer.node("node-a", null).append(everyKind("node-a", 1).getFirst());
            writer.abort();
            assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted");
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void aFailureInsideTryWithResourcesLeavesNothingAndAnOlderBundleIntact() throws Exception {
        Path target = dir.resolve("existing.njcap");
        Files.writeString(target, "the previous bundle");
        assertThatThrownBy(() -> {
            try (BundleWriter writer = BundleWriter.create(target, BundleFixtures.CREATED_BY)) {
                writer.node("node-a", null).append(everyKind("node-a", 1).getFirst());
                throw new IOException("the export task failed half-way");
            }
        }).hasMessage("the export task failed half-way");
        assertThat(files()).containsExactly(target);
        assertThat(Files.readString(target)).isEqualTo("the previous bundle");
    }

    @Test
    void commitReplacesAnExistingBundle() throws Exception {
        Path target = dir.resolve("replaced.njcap");
        Files.writeString(target, "the previous bundle");
        BundleFixtures.twoNodeBundle(target);
        assertThat(files()).containsExactly(target);
        assertThat(BundleReader.verify(target)).isEmpty();
    }

    @Test
    void aWriterThatCannotCreateItsFileSaysWhereAndLeavesNothing() {
        Path target = dir.resolve("no-such-dir").resolve("x.njcap");
        assertThatThrownBy(() -> BundleWriter.create(target, BundleFixtures.CREATED_BY))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("x.njcap: cannot create a temporary file in " + target.getParent());
        assertThat(dir.resolve("no-such-dir")).doesNotExist();
    }

    @Test
    void onlyOneNodeIsOpenAtATime() throws Exception {
        try (BundleWriter writer = BundleWriter.create(dir.resolve("x.njcap"), BundleFixtures.CREATED_BY)) {
            NodeRecorder first = writer.node("node-a", null);
            assertThatThrownBy(() -> writer.node("node-b", null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("node \"node-a\" is still open: finish() or close() its NodeRecorder before starting"
                            + " node \"node-b\" (a bundle is written one node at a time)");
            first.finish();
            assertThatThrownBy(() -> first.append(everyKind("node-a", 1).getFirst()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("node \"node-a\" is finished");
            writer.node("node-b", null).finish();
        }
    }

    @Test
    void commitFinishesTheOpenNodeAndAWriterCannotBeUsedAfterIt() throws Exception {
        Path target = dir.resolve("x.njcap");
        BundleWriter writer = BundleWriter.create(target, BundleFixtures.CREATED_BY);
        NodeRecorder node = writer.node("node-a", null);
        node.append(everyKind("node-a", 1).getFirst());
        writer.commit();
        writer.close();
        assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
        assertThatThrownBy(() -> node.append(everyKind("node-a", 1).getFirst()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(BundleReader.verify(target)).isEmpty();
        try (BundleReader reader = BundleReader.open(target)) {
            assertThat(reader.manifest().nodes().getFirst().events()).isEqualTo(1);
        }
    }

    @Test
    void anEventOverTheRecordLimitIsRefusedAndTheNodeStaysUsable() throws Exception {
        Path target = dir.resolve("big.njcap");
        SensorEvent huge = SensorEvent.newBuilder().setProcess(ProcessInfo.newBuilder()
                .addCmdline("x".repeat(BundleLimits.MAX_RECORD_BYTES))).build();
        SensorEvent small = everyKind("node-a", 1).getFirst();
        try (BundleWriter writer = BundleWriter.create(target, BundleFixtures.CREATED_BY)) {
            try (NodeRecorder node = writer.node("node-a", null)) {
                node.append(small);
                assertThatThrownBy(() -> node.append(huge))
                        .isInstanceOf(BundleException.class)
                        .hasMessage("nodes/0/events.pb: event 2 of node \"node-a\" is " + huge.getSerializedSize()
                                + " bytes, over the 16 MiB record limit; it was not written");
                node.append(small);
            }
            writer.commit();
        }
        List<SensorEvent> replayed = new ArrayList<>();
        try (BundleReader reader = BundleReader.open(target)) {
            reader.replay(0, replayed::add);
        }
        assertThat(replayed).containsExactly(small, small);
    }

    @Test
    void aBundleHoldsAtMost1024Nodes() throws Exception {
        try (BundleWriter writer = BundleWriter.create(dir.resolve("many.njcap"), BundleFixtures.CREATED_BY)) {
            for (int i = 0; i < BundleLimits.MAX_NODES; i++) {
                writer.node("node-" + i, null).finish();
            }
            assertThatThrownBy(() -> writer.node("one-too-many", null))
                    .isInstanceOf(BundleException.class)
                    .hasMessage("many.njcap: a bundle holds at most 1024 nodes");
            writer.commit();
        }
        try (BundleReader reader = BundleReader.open(dir.resolve("many.njcap"))) {
            assertThat(reader.manifest().nodes()).hasSize(1024);
            assertThat(reader.manifest().nodes().getLast().entry()).isEqualTo("nodes/1023/events.pb");
        }
    }

    @Test
    void theKubernetesSnapshotMustBeAnObject() throws Exception {
        try (BundleWriter writer = BundleWriter.create(dir.resolve("x.njcap"), BundleFixtures.CREATED_BY)) {
            assertThatThrownBy(() -> writer.setKubernetesSnapshot(BundleFixtures.JSON.createArrayNode()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object");
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void aSnapshotThatWouldMakeTheManifestUnloadableIsRefusedAndNothingIsSaved() throws Exception {
        Path target = dir.resolve("snapshot.njcap");
        ObjectNode snapshot = BundleFixtures.JSON.createObjectNode();
        ArrayNode values = snapshot.putArray("pods");
        for (long i = 0; i < BundleLimits.MAX_MANIFEST_JSON_TOKENS; i++) {
            values.add((int) (i % 10));
        }
        try (BundleWriter writer = BundleWriter.create(target, BundleFixtures.CREATED_BY)) {
            writer.node("node-a", null).finish();
            writer.setKubernetesSnapshot(snapshot);
            assertThatThrownBy(writer::commit)
                    .isInstanceOf(BundleException.class)
                    .hasMessageStartingWith("snapshot.njcap: manifest.json would be over a parsing limit (Token count")
                    .hasMessageEndingWith("), so no reader would open the bundle; is the Kubernetes snapshot too large?"
                            + " Nothing was saved");
        }
        assertThat(files()).isEmpty();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
