package dev.nightjar.protocol;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorEvent.PayloadCase;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one table of event kinds: for each {@link SensorEvent} payload case, the wire
 * {@link EventKind} a subscription names to receive it, its key in a bundle manifest's
 * {@code eventCounts}, and how a person counts it. The sensor's event hub, the bundle
 * writer and the desktop's store all read it from here, so adding a payload to
 * sensor.proto means adding one constant here (PayloadKindTest fails until then).
 *
 * <p>Not to be confused with the wire enum {@link EventKind}: that is what a subscription
 * asks for and is coarser (one {@code EVENT_KIND_SYSCALLS} covers spans and histograms);
 * this is one constant per payload case.
 *
 * <p>Manifest keys are part of the bundle format (protocol/BUNDLE-FORMAT.md): a key once
 * written stays, or bundles written before can no longer be sized or counted by kind.
 * Those of the first nine payloads are the payload case in lower snake case.
 */
public enum PayloadKind {
    // Records: what collectors publish, subscriptions ask for, and the desktop keeps per kind.
    FLOW(PayloadCase.FLOW, EventKind.EVENT_KIND_FLOWS, "flow", "flow updates"),
    DROP(PayloadCase.DROP, EventKind.EVENT_KIND_DROPS, "drop", "drop records"),
    SYSCALL_SPAN(PayloadCase.SYSCALL_SPAN, EventKind.EVENT_KIND_SYSCALLS, "syscall_span", "syscall spans"),
    SYSCALL_HISTOGRAM(PayloadCase.SYSCALL_HISTOGRAM, EventKind.EVENT_KIND_SYSCALLS, "syscall_histogram",
            "syscall histograms"),
    STACKS(PayloadCase.STACKS, EventKind.EVENT_KIND_PROFILE, "stacks", "stack samples"),
    PROCESS(PayloadCase.PROCESS, EventKind.EVENT_KIND_PROCESSES, "process", "process records"),
    REQUEST(PayloadCase.REQUEST, EventKind.EVENT_KIND_REQUESTS, "request", "requests"),
    REQUEST_STATS(PayloadCase.REQUEST_STATS, EventKind.EVENT_KIND_REQUESTS, "request_stats", "request stats"),
    SECURITY(PayloadCase.SECURITY, EventKind.EVENT_KIND_SECURITY, "security", "security events"),
    // The server's own messages about the stream: every subscription gets them, none asks.
    INFO(PayloadCase.INFO, EventKind.EVENT_KIND_UNSPECIFIED, "info", "sensor info messages"),
    LOST(PayloadCase.LOST, EventKind.EVENT_KIND_UNSPECIFIED, "lost", "loss reports"),
    HEARTBEAT(PayloadCase.HEARTBEAT, EventKind.EVENT_KIND_UNSPECIFIED, "heartbeat", "heartbeats");

    /**
     * The manifest key of an event whose payload this build does not know: none set, or
     * one added to sensor.proto after this build (kept as unknown fields, so it still
     * round-trips through a bundle).
     */
    public static final String UNKNOWN_MANIFEST_KEY = "unknown";

    private static final Map<PayloadCase, PayloadKind> BY_PAYLOAD = byPayload();
    private static final List<PayloadKind> RECORDS = Stream.of(values()).filter(PayloadKind::isRecord).toList();

    private final PayloadCase payloadCase;
    private final EventKind subscription;
    private final String manifestKey;
    private final String plural;

    PayloadKind(PayloadCase payloadCase, EventKind subscription, String manifestKey, String plural) {
        this.payloadCase = payloadCase;
        this.subscription = subscription;
        this.manifestKey = manifestKey;
        this.plural = plural;
    }

    /** The kind of a payload case; empty for {@code PAYLOAD_NOT_SET} (no payload, or one this build does not know). */
    public static Optional<PayloadKind> of(PayloadCase payloadCase) {
        return Optional.ofNullable(BY_PAYLOAD.get(payloadCase));
    }

    /** The kind of an event's payload; empty when it has none this build knows. */
    public static Optional<PayloadKind> of(SensorEvent event) {
        return of(event.getPayloadCase());
    }

    /** The kinds that are records, in this order: flows, drops, syscall spans and histograms, stacks, processes. */
    public static List<PayloadKind> records() {
        return RECORDS;
    }

    /** The {@code eventCounts} key for a payload case, {@link #UNKNOWN_MANIFEST_KEY} when it has no kind. */
    public static String manifestKeyOf(PayloadCase payloadCase) {
        return of(payloadCase).map(PayloadKind::manifestKey).orElse(UNKNOWN_MANIFEST_KEY);
    }

    public PayloadCase payloadCase() {
        return payloadCase;
    }

    /** What a subscription names to receive these; {@code EVENT_KIND_UNSPECIFIED} for the server's own messages. */
    public EventKind subscription() {
        return subscription;
    }

    /** This kind's key in a bundle manifest's {@code eventCounts}; stable across versions. */
    public String manifestKey() {
        return manifestKey;
    }

    /** How a person counts these, e.g. "1,204 drop records". */
    public String plural() {
        return plural;
    }

    /**
     * True for what collectors publish and a subscription asks for (flows, drops, ...);
     * false for the server's messages about the stream (info, loss reports, heartbeats),
     * which update a node's state instead of being recorded.
     */
    public boolean isRecord() {
        return subscription != EventKind.EVENT_KIND_UNSPECIFIED;
    }

    private static Map<PayloadCase, PayloadKind> byPayload() {
        Map<PayloadCase, PayloadKind> map = new EnumMap<>(PayloadCase.class);
        for (PayloadKind kind : values()) {
            PayloadKind before = map.put(kind.payloadCase, kind);
            if (before != null) {
                throw new IllegalStateException("payload case " + kind.payloadCase + " has two kinds: "
                        + before + " and " + kind);
            }
        }
        return map;
    }
}
