package dev.nightjar.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SensorEvent.PayloadCase;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PayloadKindTest {

    /** Adding a payload to sensor.proto without a PayloadKind constant fails here. */
    @Test
    void everyPayloadCaseHasExactlyOneKind() {
        for (PayloadCase payload : PayloadCase.values()) {
            long kinds = Stream.of(PayloadKind.values()).filter(k -> k.payloadCase() == payload).count();
            if (payload == PayloadCase.PAYLOAD_NOT_SET) {
                assertThat(kinds).as("kinds of " + payload).isZero();
                assertThat(PayloadKind.of(payload)).isEmpty();
            } else {
                assertThat(kinds).as("kinds of payload case " + payload + " (add a PayloadKind constant)").isOne();
                assertThat(PayloadKind.of(payload)).get().extracting(PayloadKind::payloadCase).isEqualTo(payload);
            }
        }
    }

    /** The keys every bundle so far was written with: the payload case in lower snake case. */
    @Test
    void manifestKeysAreTheOnesBundlesWereWrittenWith() {
        assertThat(Stream.of(PayloadKind.values()).map(PayloadKind::manifestKey)).containsExactly(
                "flow", "drop", "syscall_span", "syscall_histogram", "stacks", "process", "request", "request_stats",
                "security", "info", "lost", "heartbeat");
        for (PayloadKind kind : PayloadKind.values()) {
            assertThat(kind.manifestKey()).isEqualTo(kind.payloadCase().name().toLowerCase(Locale.ROOT));
            assertThat(PayloadKind.manifestKeyOf(kind.payloadCase())).isEqualTo(kind.manifestKey());
        }
        assertThat(PayloadKind.manifestKeyOf(PayloadCase.PAYLOAD_NOT_SET)).isEqualTo("unknown");
    }

    @Test
    void recordsMapToTheSubscriptionKindThatAsksForThem() {
        assertThat(PayloadKind.FLOW.subscription()).isEqualTo(EventKind.EVENT_KIND_FLOWS);
        assertThat(PayloadKind.DROP.subscription()).isEqualTo(EventKind.EVENT_KIND_DROPS);
        assertThat(PayloadKind.SYSCALL_SPAN.subscription()).isEqualTo(EventKind.EVENT_KIND_SYSCALLS);
        assertThat(PayloadKind.SYSCALL_HISTOGRAM.subscription()).isEqualTo(EventKind.EVENT_KIND_SYSCALLS);
        assertThat(PayloadKind.STACKS.subscription()).isEqualTo(EventKind.EVENT_KIND_PROFILE);
        assertThat(PayloadKind.PROCESS.subscription()).isEqualTo(EventKind.EVENT_KIND_PROCESSES);
        assertThat(PayloadKind.SECURITY.subscription()).isEqualTo(EventKind.EVENT_KIND_SECURITY);
        for (PayloadKind own : new PayloadKind[] {PayloadKind.INFO, PayloadKind.LOST, PayloadKind.HEARTBEAT}) {
            assertThat(own.subscription()).isEqualTo(EventKind.EVENT_KIND_UNSPECIFIED);
            assertThat(own.isRecord()).isFalse();
        }
    }

    /** A subscription kind no payload answers would be a kind nobody can ever receive. */
    @Test
    void everySubscriptionKindIsAnsweredByAtLeastOneRecordKind() {
        Set<EventKind> answered = PayloadKind.records().stream().map(PayloadKind::subscription)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventKind.class)));
        Set<EventKind> asked = EnumSet.allOf(EventKind.class);
        asked.removeAll(Set.of(EventKind.EVENT_KIND_UNSPECIFIED, EventKind.UNRECOGNIZED));
        assertThat(answered).isEqualTo(asked);
    }

    @Test
    void recordsAreTheNineDataKindsInDisplayOrderWithTheirCountingNouns() {
        assertThat(PayloadKind.records()).containsExactly(PayloadKind.FLOW, PayloadKind.DROP,
                PayloadKind.SYSCALL_SPAN, PayloadKind.SYSCALL_HISTOGRAM, PayloadKind.STACKS, PayloadKind.PROCESS,
                PayloadKind.REQUEST, PayloadKind.REQUEST_STATS, PayloadKind.SECURITY);
        assertThat(PayloadKind.records()).extracting(PayloadKind::plural).containsExactly("flow updates",
                "drop records", "syscall spans", "syscall histograms", "stack samples", "process records",
                "requests", "request stats", "security events");
        assertThat(Stream.of(PayloadKind.values()).map(PayloadKind::plural).distinct())
                .hasSize(PayloadKind.values().length);
    }
}
