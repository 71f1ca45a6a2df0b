package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle exit in real time, with a short period (the rule itself is in IdleWatchdogTest). */
class SensorServerIdleTest {

    private static final Duration IDLE = Duration.ofSeconds(1);

    @Test
    void withNoClientTheSensorStopsItselfAfterTheIdlePeriod() throws Exception {
        ScriptedCollector collector = ScriptedCollector.running(Feature.FEATURE_FLOWS);
        long start = System.nanoTime();
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(collector), b -> b.idleExit(IDLE))) {
            assertThat(sensor.server().awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE);
            assertThat(sensor.server().stopReason()).hasValueSatisfying(r -> assertThat(r).contains("idle"));
            assertThat(collector.closes()).isEqualTo(1);
        }
    }

    @Test
    void anOpenStreamKeepsItAliveAndTheIdlePeriodStartsWhenItEnds() throws Exception {
        // The first connection in a JVM loads a lot of classes; do that before the idle clock runs.
        try (LoopbackSensor warmUp = LoopbackSensor.start(List.of())) {
            warmUp.client().getInfo(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        Duration idle = Duration.ofSeconds(2);
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(), b -> b.idleExit(idle))) {
            StreamRecorder events = new StreamRecorder();
            var call = sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), events);
            events.awaitEvent(SensorEvent::hasInfo, Duration.ofSeconds(5));
            assertThat(sensor.server().awaitTermination(idle.plusMillis(500))).as("alive while streaming").isFalse();

            call.cancel("client went away", null);
            long cancelled = System.nanoTime();
            assertThat(sensor.server().awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isGreaterThanOrEqualTo(idle.minusMillis(50));
        }
    }
}
