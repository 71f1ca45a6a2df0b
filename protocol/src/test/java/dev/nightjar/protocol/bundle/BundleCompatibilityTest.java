package dev.nightjar.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles written before stay readable and countable by kind: the fixture is a copy of
 * the desktop's demo capture as it was written on 2026-11-26 (one node, seven kinds),
 * frozen here so that a change to how kinds are named shows against a real old file.
 */
class BundleCompatibilityTest {

    private static final String FIXTURE = "/bundles/shop-demo-2026-12.njcap";

    @TempDir
    Path dir;

    @Test
    void theManifestOfAnOldBundleCountsEachKindUnderItsPayloadKindKey() throws Exception {
        try (BundleReader old = BundleReader.open(fixture())) {
            assertThat(old.manifest().formatVersion()).as("the fixture is a v1 bundle").isEqualTo(1);
            assertThat(old.verify()).as("a v1 bundle opens and verifies in a build that writes v2").isEmpty();
            Manifest.Node node = old.manifest().nodes().getFirst();
            Map<String, Long> counted = new LinkedHashMap<>();
            for (SensorEvent event : BundleFixtures.replayAll(old).get(node.index())) {
                counted.merge(PayloadKind.manifestKeyOf(event.getPayloadCase()), 1L, Long::sum);
            }
            assertThat(node.eventCounts()).containsOnlyKeys(counted.keySet()).isEqualTo(counted);
            assertThat(node.eventCounts()).containsKeys("flow", "drop", "syscall_span", "syscall_histogram",
                    "stacks", "process", "lost");
        }
    }

    @Test
    void rewritingAnOldBundleGivesTheSameManifestCountsAndEventBytes() throws Exception {
        Path again = dir.resolve("again.njcap");
        List<Manifest.Node> before;
        try (BundleReader old = BundleReader.open(fixture());
             BundleWriter writer = BundleWriter.create(again, BundleFixtures.CREATED_BY)) {
            before = old.manifest().nodes();
            Map<Integer, List<SensorEvent>> events = BundleFixtures.replayAll(old);
            for (Manifest.Node node : before) {
                try (NodeRecorder recorder = writer.node(node.name(), node.sensorInfo())) {
                    for (SensorEvent event : events.get(node.index())) {
                        recorder.append(event);
                    }
                }
            }
            writer.commit();
        }
        try (BundleReader rewritten = BundleReader.open(again)) {
            List<Manifest.Node> after = rewritten.manifest().nodes();
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                // Same keys in the same order: the manifest text of the counts is unchanged.
                assertThat(after.get(i).eventCounts()).containsExactlyEntriesOf(before.get(i).eventCounts());
                assertThat(after.get(i).sha256()).isEqualTo(before.get(i).sha256());
                assertThat(after.get(i).size()).isEqualTo(before.get(i).size());
            }
        }
    }

    private Path fixture() throws Exception {
        Path copy = dir.resolve("shop-demo.njcap");
        try (InputStream in = BundleCompatibilityTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE + " on the test class path").isNotNull();
            Files.copy(in, copy);
        }
        return copy;
    }
}
