package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** Which {@link EventKind} a payload belongs to, and what a subscription asked for. */
final class EventKinds {

    private EventKinds() {
    }

    /** The data kind of an event; UNSPECIFIED for the server's own messages (info, heartbeat, lost). */
    static EventKind of(SensorEvent event) {
        return switch (event.getPayloadCase()) {
            case FLOW -> EventKind.EVENT_KIND_FLOWS;
            case DROP -> EventKind.EVENT_KIND_DROPS;
            case SYSCALL_SPAN, SYSCALL_HISTOGRAM -> EventKind.EVENT_KIND_SYSCALLS;
            case STACKS -> EventKind.EVENT_KIND_PROFILE;
            case PROCESS -> EventKind.EVENT_KIND_PROCESSES;
            case INFO, LOST, HEARTBEAT, PAYLOAD_NOT_SET -> EventKind.EVENT_KIND_UNSPECIFIED;
        };
    }

    /** The kinds a subscription gets: the ones it named, or flows and drops when it named none. */
    static Set<EventKind> requested(Collection<EventKind> kinds) {
        Set<EventKind> wanted = EnumSet.noneOf(EventKind.class);
        for (EventKind kind : kinds) {
            if (kind != EventKind.EVENT_KIND_UNSPECIFIED && kind != EventKind.UNRECOGNIZED) {
                wanted.add(kind);
            }
        }
        return wanted.isEmpty() ? EnumSet.of(EventKind.EVENT_KIND_FLOWS, EventKind.EVENT_KIND_DROPS) : wanted;
    }
}
