package dev.nightjar.desktop.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LossStage;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.SensorEvent;
import org.junit.jupiter.api.Test;

class LossSummaryTest {

    @Test
    void anEmptyCaptureLostNothing() {
        LossSummary summary = LossSummary.of(new CaptureStore(StoreLimits.defaults()));
        assertThat(summary.total()).isZero();
        assertThat(summary.text()).isEqualTo("nothing lost");
    }

    @Test
    void eachStageIsAddedUpOverNodesAndNamedOnlyWhenItLostSomething() {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(2, 8));
        // node a: the kernel ring and an aggregation map overflowed; the stream skipped 3 numbers
        store.accept(lost("a", 1, LossStage.LOSS_STAGE_KERNEL_RING_BUFFER, 10));
        store.accept(lost("a", 2, LossStage.LOSS_STAGE_KERNEL_MAP_FULL, 5));
        store.accept(flow("a", 6));
        // node b: its sensor queue and a slow client; 4 flows into a ring of 2 evicts 2
        store.accept(lost("b", 1, LossStage.LOSS_STAGE_SENSOR_QUEUE, 7));
        store.accept(lost("b", 2, LossStage.LOSS_STAGE_STREAM, 100));
        for (long seq = 3; seq <= 6; seq++) {
            store.accept(flow("b", seq));
        }

        LossSummary summary = LossSummary.of(store);

        assertThat(summary).isEqualTo(new LossSummary(15, 7, 103, 2));
        assertThat(summary.total()).isEqualTo(store.totalLost());
        assertThat(summary.text()).isEqualTo("lost: kernel 15 · sensor 7 · stream 103 · evicted 2");
    }

    @Test
    void aLaterCumulativeCounterReplacesTheEarlierOneInsteadOfAddingUp() {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        store.accept(lost("a", 1, LossStage.LOSS_STAGE_STREAM, 40));
        store.accept(lost("a", 2, LossStage.LOSS_STAGE_STREAM, 55));

        assertThat(LossSummary.of(store).text()).isEqualTo("lost: stream 55");
    }

    private static SensorEvent lost(String node, long seq, LossStage stage, long total) {
        return SensorEvent.newBuilder().setNode(node).setSequence(seq).setTimestampNs(seq)
                .setLost(LostEvents.newBuilder().addCounters(LossCounter.newBuilder()
                        .setStage(stage).setKind(EventKind.EVENT_KIND_FLOWS).setLostTotal(total)))
                .build();
    }

    private static SensorEvent flow(String node, long seq) {
        return SensorEvent.newBuilder().setNode(node).setSequence(seq).setTimestampNs(seq)
                .setFlow(FlowUpdate.getDefaultInstance()).build();
    }
}
