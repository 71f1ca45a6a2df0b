package dev.nightjar.desktop.capture;

import dev.nightjar.protocol.v1.SensorEvent;

/** The kinds of recorded events the store keeps apart, each in its own bounded ring. */
public enum RecordKind {
    FLOW("flow updates"),
    DROP("drop records"),
    SYSCALL_SPAN("syscall spans"),
    SYSCALL_HISTOGRAM("syscall histograms"),
    STACKS("stack samples"),
    PROCESS("process records");

    private final String plural;

    RecordKind(String plural) {
        this.plural = plural;
    }

    /** How a person counts these, e.g. "1,204 drop records". */
    public String plural() {
        return plural;
    }

    /**
     * The ring an event belongs in, or {@code null} for events that update the
     * node's state instead of being recorded (info, heartbeat, lost counters).
     */
    public static RecordKind of(SensorEvent event) {
        return switch (event.getPayloadCase()) {
            case FLOW -> FLOW;
            case DROP -> DROP;
            case SYSCALL_SPAN -> SYSCALL_SPAN;
            case SYSCALL_HISTOGRAM -> SYSCALL_HISTOGRAM;
            case STACKS -> STACKS;
            case PROCESS -> PROCESS;
            case INFO, HEARTBEAT, LOST, PAYLOAD_NOT_SET -> null;
        };
    }
}
