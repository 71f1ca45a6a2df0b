package dev.nightjar.protocol.bundle;

import dev.nightjar.protocol.v1.SensorEvent;
import java.util.Locale;

/**
 * The kind names used in a manifest's {@code eventCounts}: the SensorEvent
 * payload oneof case in lower snake case ({@code flow}, {@code drop},
 * {@code syscall_span}, {@code syscall_histogram}, {@code stacks},
 * {@code process}, {@code lost}, {@code heartbeat}, {@code info}).
 */
public final class EventKinds {

    /**
     * The kind of an event without a payload this build knows: none set, or one
     * added to sensor.proto after this build (kept as unknown fields, so it still
     * round-trips through a bundle).
     */
    public static final String UNKNOWN = "unknown";

    private EventKinds() {
    }

    public static String of(SensorEvent.PayloadCase payload) {
        return payload == SensorEvent.PayloadCase.PAYLOAD_NOT_SET ? UNKNOWN : payload.name().toLowerCase(Locale.ROOT);
    }
}
