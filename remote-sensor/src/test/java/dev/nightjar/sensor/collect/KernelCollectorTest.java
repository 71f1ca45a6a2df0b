package dev.nightjar.sensor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.lab.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The base class's own rules: a failed open is a state, a failed flush does not stop the timer, close is final. */
class KernelCollectorTest {

    /** A collector whose kernel side is a counter; the base class logic is what is under test. */
    private static final class Probe extends KernelCollector {
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        volatile Filter pushed;
        private final RuntimeException openFailure;
        private final int failingFlushes;

        Probe(RuntimeException openFailure, int failingFlushes) {
            super(Feature.FEATURE_FLOWS, Duration.ofMillis(50));
            this.openFailure = openFailure;
            this.failingFlushes = failingFlushes;
        }

        @Override
        protected String open() {
            if (openFailure != null) {
                throw openFailure;
            }
            return "";
        }

        @Override
        protected void pushFilter(Filter filter) {
            pushed = filter;
        }

        @Override
        protected void flush(EventSink sink) {
            if (flushes.incrementAndGet() <= failingFlushes) {
                throw new IllegalStateException("flush " + flushes.get() + " failed");
            }
            sink.publish(SensorEvent.newBuilder().setTimestampNs(flushes.get()).build());
        }

        @Override
        protected List<LossCounter> readLossCounters() {
            return List.of(LossCounter.newBuilder().setLostTotal(7).build());
        }

        @Override
        protected void release() {
            releases.incrementAndGet();
        }
    }

    @Test
    void aFailedOpenIsRecordedAsTheReasonAndReleasesWhatWasOpened() {
        Probe probe = new Probe(new FeatureUnavailableException("tracepoint x missing"), 0);
        probe.start(new RecordingSink());
        assertThat(probe.state().getRunning()).isFalse();
        assertThat(probe.state().getReason()).isEqualTo("tracepoint x missing");
        assertThat(probe.releases).hasValue(1);
        assertThat(probe.flushNow(Duration.ofSeconds(1))).isFalse();
        probe.close();
    }

    @Test
    void failingFlushesAreCountedAndTheTimerKeepsGoing() {
        Probe probe = new Probe(null, 2);
        RecordingSink sink = new RecordingSink();
        Filter filter = Filter.newBuilder().addPorts(53).build();
        probe.applyFilter(filter);
        probe.start(sink);
        assertThat(probe.pushed).as("filter given before start is pushed at start").isEqualTo(filter);
        sink.await(e -> e.getTimestampNs() >= 4, Duration.ofSeconds(5), "flushes after two failures");
        assertThat(probe.flushFailures()).isEqualTo(2);
        assertThat(probe.lastFlushError()).isEqualTo("flush 2 failed");
        assertThat(probe.lossCounters()).singleElement().extracting(LossCounter::getLostTotal).isEqualTo(7L);
        probe.close();
        probe.close();
        assertThat(probe.releases).hasValue(1);
        assertThat(probe.state().getRunning()).isFalse();
        assertThatThrownBy(() -> probe.start(sink)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadFilterIsRefusedBeforeItReachesTheKernel() {
        Probe probe = new Probe(null, 0);
        assertThatThrownBy(() -> probe.applyFilter(Filter.newBuilder().addPorts(0).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(probe.pushed).isNull();
        assertThatThrownBy(() -> probe.setFlushInterval(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50 ms");
        probe.close();
    }
}
