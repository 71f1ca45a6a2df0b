package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The drain's hand-off: bounded by bytes, in order, and every record that did not fit counted. */
class RecordQueueTest {

    @Test
    void recordsComeOutInOrderAndWhatDoesNotFitIsDroppedAndCounted() {
        RecordQueue queue = new RecordQueue(1000);
        assertThat(queue.offer(new byte[600])).isTrue();
        assertThat(queue.offer(new byte[] {1})).isTrue();
        assertThat(queue.offer(new byte[400])).as("1001 bytes would be held").isFalse();
        assertThat(queue.offer(new byte[399])).isTrue();
        assertThat(queue.heldBytes()).isEqualTo(1000);
        assertThat(queue.dropped()).isEqualTo(1);

        assertThat(queue.poll()).hasSize(600);
        assertThat(queue.poll()).containsExactly(1);
        assertThat(queue.offer(new byte[400])).as("room again after taking").isTrue();
        assertThat(queue.poll()).hasSize(399);
        assertThat(queue.poll()).hasSize(400);
        assertThat(queue.poll()).isNull();
        assertThat(queue.heldBytes()).isZero();
        assertThat(queue.dropped()).isEqualTo(1);
    }

    @Test
    void aCapacityBelowOneByteIsRefused() {
        assertThatThrownBy(() -> new RecordQueue(0)).hasMessage("capacity must be positive: 0");
    }
}
