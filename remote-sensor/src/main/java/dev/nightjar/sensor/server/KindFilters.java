package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What one stream asked for: the kinds it receives and, per kind, the filter for
 * that kind (the kernel applies the union over all streams, {@link FilterUnion};
 * the stream's own events are narrowed to it, {@link StreamFilter}).
 *
 * <p>The per-kind filter reuses protocol 1's {@link Filter} message: a protocol-2
 * target translates into one ({@link TargetRequests}), so collectors keep one
 * filter type whichever protocol the client speaks.
 */
record KindFilters(Map<EventKind, Filter> byKind) {

    KindFilters {
        EnumMap<EventKind, Filter> copy = new EnumMap<>(EventKind.class);
        copy.putAll(byKind);
        byKind = Collections.unmodifiableMap(copy);
    }

    Set<EventKind> kinds() {
        return byKind.keySet();
    }

    boolean wants(EventKind kind) {
        return byKind.containsKey(kind);
    }

    /** The filter for a kind this stream asked for; the empty filter otherwise. */
    Filter filter(EventKind kind) {
        return byKind.getOrDefault(kind, Filter.getDefaultInstance());
    }
}
