package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a subscription asked for. Which kind an event is comes from
 * {@link dev.nightjar.protocol.PayloadKind}; this is only the default.
 */
final class RequestedKinds {

    private RequestedKinds() {
    }

    /** The kinds a subscription gets: the ones it named, or flows and drops when it named none. */
    static Set<EventKind> of(Collection<EventKind> kinds) {
        Set<EventKind> wanted = EnumSet.noneOf(EventKind.class);
        for (EventKind kind : kinds) {
            if (kind != EventKind.EVENT_KIND_UNSPECIFIED && kind != EventKind.UNRECOGNIZED) {
                wanted.add(kind);
            }
        }
        return wanted.isEmpty() ? EnumSet.of(EventKind.EVENT_KIND_FLOWS, EventKind.EVENT_KIND_DROPS) : wanted;
    }
}
