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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The base class's own rules: a failed open is a state, a failed flush does not stop the timer, close is final,
 * and the kernel objects are never freed while a flush or poll still uses them.
 */
class KernelCollectorTest {

    /** A collector whose kernel side is a counter; the base class logic is what is under test. */
    private static final class Probe extends KernelCollector {
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        volatile Filter pushed;
        private final RuntimeException openFailure;
        private final int failingFlushes;
        private final boolean failWithError;
        /** While set, every flush takes a permit first (the test's handle on timing). */
        volatile Semaphore permits;

        Probe(RuntimeException openFailure, int failingFlushes) {
            this(openFailure, failingFlushes, false);
        }

        Probe(RuntimeException openFailure, int failingFlushes, boolean failWithError) {
            super(Feature.FEATURE_FLOWS, Duration.ofMillis(50));
            this.openFailure = openFailure;
            this.failingFlushes = failingFlushes;
            this.failWithError = failWithError;
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
            Semaphore gate = permits;
            if (gate != null) {
                try {
                    gate.tryAcquire(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (flushes.incrementAndGet() <= failingFlushes) {
                if (failWithError) {
                    throw new OutOfMemoryError("Java heap space (flush " + flushes.get() + ")");
                }
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
    void anErrorInAFlushKeepsTheTimerAndTheStateSaysSoUntilAFlushSucceeds() throws Exception {
        Probe probe = new Probe(null, KernelCollector.FAILING_AFTER, true);
        RecordingSink sink = new RecordingSink();
        Semaphore gate = new Semaphore(0);
        probe.permits = gate;
        probe.start(sink);
        assertThat(probe.state().getRunning()).isTrue();
        // Let exactly the failing flushes through, one at a time, and look at the state in between.
        for (int i = 1; i <= KernelCollector.FAILING_AFTER; i++) {
            assertThat(probe.state().getRunning()).as("%d failures so far", i - 1).isTrue();
            gate.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (probe.flushFailures() < i) {
                assertThat(System.nanoTime()).as("flush %d ran", i).isLessThan(deadline);
                Thread.sleep(5);
            }
        }
        assertThat(probe.state().getRunning()).as("3 errors in a row: GetInfo must not say running").isFalse();
        assertThat(probe.state().getReason()).contains("flushing failed 3 times in a row")
                .contains("OutOfMemoryError");
        assertThat(probe.lastFlushError()).startsWith("java.lang.OutOfMemoryError: Java heap space");

        probe.permits = null;
        gate.release(); // the flush already waiting
        sink.await(e -> true, Duration.ofSeconds(5), "a flush after the errors publishes again");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!probe.state().getRunning()) {
            assertThat(System.nanoTime()).as("state restored after a good flush").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(probe.state().getReason()).isEmpty();
        probe.close();
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

    /**
     * A collector whose flush or poll can be held inside, like one stuck in a kernel call:
     * interrupting it does not end it. Records whether it touched its objects after release.
     */
    private static final class Held extends KernelCollector {
        static final Duration CLOSE_WAIT = Duration.ofMillis(300);
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        final AtomicInteger releases = new AtomicInteger();
        final AtomicBoolean usedAfterRelease = new AtomicBoolean();
        volatile String releasedOn;
        private final boolean holdInPoll;

        Held(boolean holdInPoll) {
            super(Feature.FEATURE_SYSCALLS, Duration.ofMillis(50), CLOSE_WAIT);
            this.holdInPoll = holdInPoll;
        }

        @Override
        protected String open() {
            if (holdInPoll) {
                startPoller("held-poller", this::hold, 10);
            }
            return "";
        }

        @Override
        protected void pushFilter(Filter filter) {
        }

        @Override
        protected void flush(EventSink sink) {
            if (holdInPoll) {
                touch();
            } else {
                hold();
            }
        }

        private void hold() {
            touch();
            inside.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean interrupted = false;
            while (letGo.getCount() > 0 && System.nanoTime() < deadline) {
                try {
                    letGo.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // close() interrupts; a thread stuck in the kernel would not notice
                }
            }
            touch();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void touch() {
            if (releases.get() > 0) {
                usedAfterRelease.set(true);
            }
        }

        @Override
        protected List<LossCounter> readLossCounters() {
            touch();
            return List.of();
        }

        @Override
        protected void release() {
            releasedOn = Thread.currentThread().getName();
            releases.incrementAndGet();
        }
    }

    @ParameterizedTest(name = "held in a poll: {0}")
    @ValueSource(booleans = {false, true})
    void aFlushOrPollStillRunningAfterTheCloseWaitKeepsItsObjectsUntilItReturns(boolean inPoll) throws Exception {
        Held held = new Held(inPoll);
        held.start(new RecordingSink());
        assertThat(held.inside.await(5, TimeUnit.SECONDS)).as("the flush or poll is inside").isTrue();

        long start = System.nanoTime();
        held.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close is bounded")
                .isGreaterThanOrEqualTo(Held.CLOSE_WAIT).isLessThan(Duration.ofSeconds(5));
        assertThat(held.releases).as("nothing freed under the running flush or poll").hasValue(0);
        assertThat(held.state().getRunning()).isFalse();
        assertThat(held.state().getReason()).startsWith("stopped; a flush or poll was still running ")
                .endsWith("ms after close began: its kernel objects are freed when it returns");

        held.letGo.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held.releases.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(held.releases).as("freed once it returned").hasValue(1);
        assertThat(held.releasedOn).isEqualTo(inPoll ? "held-poller" : "nightjar-syscalls-flush");
        assertThat(held.usedAfterRelease).as("no flush or poll after release").isFalse();
        held.close();
        assertThat(held.releases).hasValue(1);
    }
}
