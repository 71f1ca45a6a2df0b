package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The idle rule on a clock the test moves by hand. */
class IdleWatchdogTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger fired = new AtomicInteger();
    private final IdleWatchdog watchdog = new IdleWatchdog(Duration.ofMinutes(10), now::get, fired::incrementAndGet);

    @Test
    void firesOnceAfterTheIdlePeriodWithNoClient() {
        now.addAndGet(10 * MINUTE - 1);
        assertThat(watchdog.check()).isFalse();
        assertThat(fired).hasValue(0);

        now.addAndGet(1);
        assertThat(watchdog.check()).isTrue();
        now.addAndGet(MINUTE);
        watchdog.check();
        assertThat(fired).as("fires once").hasValue(1);
    }

    @Test
    void anOpenCallKeepsTheSensorAliveAndIdleCountsFromItsEnd() {
        now.addAndGet(MINUTE);
        watchdog.callStarted();
        now.addAndGet(60 * MINUTE);
        assertThat(watchdog.check()).as("a stream open for an hour is not idle").isFalse();

        watchdog.callEnded();
        now.addAndGet(9 * MINUTE);
        assertThat(watchdog.check()).isFalse();
        now.addAndGet(MINUTE);
        assertThat(watchdog.check()).isTrue();
        assertThat(fired).hasValue(1);
    }

    @Test
    void theIdlePeriodCountsFromWhenWatchingStartsNotFromConstruction() {
        now.addAndGet(30 * MINUTE); // e.g. collectors loading before the server listens
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            watchdog.schedule(scheduler);
            assertThat(watchdog.check()).isFalse();
            now.addAndGet(10 * MINUTE);
            assertThat(watchdog.check()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void twoCallsBothHaveToEnd() {
        watchdog.callStarted();
        watchdog.callStarted();
        watchdog.callEnded();
        now.addAndGet(20 * MINUTE);
        assertThat(watchdog.check()).isFalse();
        assertThat(watchdog.activeCalls()).isEqualTo(1);
        watchdog.callEnded();
        now.addAndGet(10 * MINUTE);
        assertThat(watchdog.check()).isTrue();
    }
}
