package dev.nightjar.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes and replays a bundle whose events are several times larger than the
 * test JVM's heap (protocol/pom.xml gives tests {@code -Xmx96m}): it only
 * passes if neither side holds the events. Replayed events are compared one by
 * one with the sequence written, regenerated from the same seed.
 */
class BundleStreamingTest {

    private static final long BYTES_PER_NODE = 150L << 20;
    private static final int NODES = 2;
    private static final long SEED = 20261125;
    private static final List<SensorEvent> POOL = BundleFixtures.payloadPool(new Random(SEED), 4096);

    @TempDir
    Path dir;

    @Test
    void aBundleLargerThanTheHeapIsWrittenAndReplayedWithoutHoldingIt() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("this test proves streaming only with a heap well below the bundle's size;"
                        + " run it through Maven, where protocol/pom.xml sets -Xmx96m")
                .isLessThan(NODES * BYTES_PER_NODE / 2);
        Path file = dir.resolve("large.njcap");

        long[] written = new long[NODES];
        try (BundleWriter writer = BundleWriter.create(file, BundleFixtures.CREATED_BY)) {
            for (int n = 0; n < NODES; n++) {
                written[n] = record(writer, "node-" + n, new Random(SEED + n));
            }
            writer.commit();
        }

        try (BundleReader reader = BundleReader.open(file)) {
            long uncompressed = 0;
            for (int n = 0; n < NODES; n++) {
                Manifest.Node node = reader.manifest().nodes().get(n);
                uncompressed += node.size();
                Random picks = new Random(SEED + n);
                AtomicLong sequence = new AtomicLong();
                long replayed = reader.replay(n, event -> {
                    long i = sequence.getAndIncrement();
                    if (!event.equals(nextEvent(picks, node.name(), i))) {
                        throw new AssertionError("event " + i + " of " + node.name() + " differs from what was written");
                    }
                });
                assertThat(replayed).isEqualTo(written[n]).isEqualTo(node.events());
            }
            assertThat(uncompressed).isGreaterThan(3 * maxHeap).isGreaterThanOrEqualTo(NODES * BYTES_PER_NODE);
        }
        assertThat(Files.size(file)).isLessThan(NODES * BYTES_PER_NODE);
    }

    private static long record(BundleWriter writer, String name, Random picks) throws BundleException {
        long bytes = 0;
        long sequence = 0;
        try (NodeRecorder node = writer.node(name, BundleFixtures.sensorInfo(name))) {
            while (bytes < BYTES_PER_NODE) {
                SensorEvent event = nextEvent(picks, name, sequence++);
                node.append(event);
                bytes += CodedOutputStream.computeUInt32SizeNoTag(event.getSerializedSize()) + event.getSerializedSize();
            }
            return node.events();
        }
    }

    private static SensorEvent nextEvent(Random picks, String node, long sequence) {
        return BundleFixtures.stamped(POOL.get(picks.nextInt(POOL.size())), node, sequence);
    }
}
