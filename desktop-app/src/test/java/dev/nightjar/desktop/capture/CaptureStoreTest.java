package dev.nightjar.desktop.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CaptureStoreTest {

    private static SensorEvent flow(String node, long seq, long ts) {
        return SensorEvent.newBuilder().setNode(node).setSequence(seq).setTimestampNs(ts)
                .setFlow(FlowUpdate.newBuilder().setFlowId(seq)).build();
    }

    @Test
    void evictsTheOldestPastCapacityAndCountsEveryEviction() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
        for (int i = 0; i < 250; i++) {
            store.accept(flow("n1", i, 1_000L * i));
        }
        NodeCapture n1 = store.node("n1").orElseThrow();
        assertThat(n1.size(PayloadKind.FLOW)).isEqualTo(100);
        assertThat(n1.evicted(PayloadKind.FLOW)).isEqualTo(150);
        List<SensorEvent> kept = n1.events(PayloadKind.FLOW);
        assertThat(kept.getFirst().getFlow().getFlowId()).isEqualTo(150);
        assertThat(kept.getLast().getFlow().getFlowId()).isEqualTo(249);
        assertThat(store.totalLost()).isEqualTo(150);
    }

    @Test
    void windowQueriesReturnExactlyTheEventsInRangeOrderedOrNot() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 4));
        for (int i = 0; i < 100; i++) {
            store.accept(flow("ordered", i, 10L * i));
        }
        assertThat(store.node("ordered").orElseThrow().events(PayloadKind.FLOW, 200, 300))
                .extracting(e -> e.getFlow().getFlowId()).containsExactlyElementsOf(range(20, 30));

        // Interleave two time lines: the ring must fall back to a scan and still be exact.
        for (int i = 0; i < 100; i++) {
            long ts = (i % 2 == 0) ? 10L * i : 10L * (99 - i);
            store.accept(flow("shuffled", i, ts));
        }
        List<SensorEvent> hits = store.node("shuffled").orElseThrow().events(PayloadKind.FLOW, 200, 300);
        assertThat(hits).allMatch(e -> e.getTimestampNs() >= 200 && e.getTimestampNs() < 300);
        assertThat(hits).hasSize(10);
    }

    @Test
    void keepsTheLatestSensorLossCountersAndCountsSequenceGapsAndRestarts() {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        store.accept(SensorEvent.newBuilder().setNode("n").setSequence(0)
                .setInfo(SensorInfo.newBuilder().setNodeName("n").setKernelRelease("6.18")).build());
        store.accept(lost(1, 5));
        store.accept(flow("n", 2, 1));
        store.accept(flow("n", 7, 2));   // 3..6 never arrived
        store.accept(lost(8, 12));       // cumulative: replaces 5
        store.accept(flow("n", 0, 3));   // a new stream after a reconnect

        NodeCapture n = store.node("n").orElseThrow();
        assertThat(n.info()).get().extracting(SensorInfo::getKernelRelease).isEqualTo("6.18");
        assertThat(n.sensorLosses())
                .containsEntry(new NodeCapture.LossKey(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER, EventKind.EVENT_KIND_DROPS), 12L);
        assertThat(n.sequenceGaps()).isEqualTo(4);
        assertThat(n.streamRestarts()).isEqualTo(1);
        assertThat(n.totalLost()).isEqualTo(12 + 4);
    }

    private static SensorEvent lost(long seq, long total) {
        return SensorEvent.newBuilder().setNode("n").setSequence(seq)
                .setLost(LostEvents.newBuilder().addCounters(LossCounter.newBuilder()
                        .setStage(LossStage.LOSS_STAGE_KERNEL_RING_BUFFER)
                        .setKind(EventKind.EVENT_KIND_DROPS).setLostTotal(total)))
                .build();
    }

    @Test
    void refusesNodesPastTheLimitAndCountsTheirEvents() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(10, 2));
        store.accept(flow("a", 0, 1));
        store.accept(flow("b", 0, 1));
        store.accept(flow("c", 0, 1));
        store.accept(flow("c", 1, 2));
        assertThat(store.nodeNames()).containsExactly("a", "b");
        assertThat(store.rejectedForNodeLimit()).isEqualTo(2);
        assertThat(store.totalLost()).isEqualTo(2);
    }

    @Test
    void concurrentWritersStayBoundedWhileReadersTakeSnapshots() throws Exception {
        int writers = 4;
        int perWriter = 50_000;
        int capacity = 10_000;
        CaptureStore store = new CaptureStore(StoreLimits.uniform(capacity, 4));
        AtomicInteger changes = new AtomicInteger();
        store.addChangeListener(changes::incrementAndGet);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<Integer> reader = pool.submit(() -> {
                int maxSeen = 0;
                for (int i = 0; i < 10_000 && !done.get(); i++) {
                    maxSeen = Math.max(maxSeen, store.node("n").map(n -> n.events(PayloadKind.DROP).size()).orElse(0));
                }
                return maxSeen;
            });
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.accept(SensorEvent.newBuilder().setNode("n").setTimestampNs(i)
                                .setDrop(DropEvent.newBuilder().setCount(1)).build());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            done.set(true);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isLessThanOrEqualTo(capacity);
        } finally {
            pool.shutdownNow();
        }
        NodeCapture n = store.node("n").orElseThrow();
        assertThat(n.size(PayloadKind.DROP)).isEqualTo(capacity);
        assertThat(n.evicted(PayloadKind.DROP)).isEqualTo((long) writers * perWriter - capacity);
        assertThat(changes.get()).isEqualTo(writers * perWriter);
        assertThat(store.version()).isEqualTo((long) writers * perWriter);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
