package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.collect.Collector;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what the kernel traces for the open streams, and pushes it to the collectors.
 *
 * <p>Policy: <b>the kernel traces the union</b>. Each collector gets, for its kind,
 * the union of the filters of every stream that asks for that kind
 * ({@link FilterUnion}); each stream is narrowed back to its own filter on the way
 * out ({@link StreamFilter}), so a stream receives what it asked for whatever the
 * others ask. A kind no stream asks for gets the empty filter (for syscalls: off).
 * Collectors also learn the union of the kinds asked for, so a feature that costs
 * while on (the CPU profiler) runs exactly while someone wants it.
 *
 * <p>A change a collector refuses (a filter it cannot hold, e.g. an unknown syscall
 * or more values than its maps take) is rolled back: every collector gets the
 * previous union again, and the caller gets INVALID_ARGUMENT with the collector's
 * words, so a stream either gets what it asked for or an explicit error.
 */
final class FilterPolicy {

    private static final System.Logger LOG = System.getLogger(FilterPolicy.class.getName());

    private final List<Collector> collectors;
    private final LinkedHashMap<Long, KindFilters> bySubscription = new LinkedHashMap<>();
    private final Map<Collector, Filter> applied = new HashMap<>();

    FilterPolicy(List<Collector> collectors) {
        this.collectors = List.copyOf(collectors);
    }

    /**
     * Adds or replaces a stream's filters and applies the new union.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT when a collector refuses the union;
     *                                        nothing changed then
     */
    synchronized void subscribed(long subscriptionId, KindFilters filters) {
        KindFilters before = bySubscription.put(subscriptionId, filters);
        try {
            apply();
        } catch (IllegalArgumentException refused) {
            if (before == null) {
                bySubscription.remove(subscriptionId);
            } else {
                bySubscription.put(subscriptionId, before);
            }
            apply();
            throw Status.INVALID_ARGUMENT.withDescription(refused.getMessage()).asRuntimeException();
        }
    }

    /**
     * Replaces the filters of a stream that is still open.
     *
     * @return false when the stream has ended (nothing changed)
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT as {@link #subscribed}
     */
    synchronized boolean updated(long subscriptionId, KindFilters filters) {
        if (!bySubscription.containsKey(subscriptionId)) {
            return false;
        }
        subscribed(subscriptionId, filters);
        return true;
    }

    synchronized void unsubscribed(long subscriptionId) {
        if (bySubscription.remove(subscriptionId) != null) {
            try {
                apply();
            } catch (IllegalArgumentException e) {
                // a smaller union than one that was accepted: not expected; keep what the kernel has
                LOG.log(System.Logger.Level.WARNING, "filters after stream #" + subscriptionId + " ended: " + e.getMessage());
            }
        }
    }

    /** The union filter a collector was last given, for tests and GetInfo. */
    synchronized Filter appliedTo(Collector collector) {
        return applied.getOrDefault(collector, Filter.getDefaultInstance());
    }

    private void apply() {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        bySubscription.values().forEach(f -> kinds.addAll(f.kinds()));
        for (Collector collector : collectors) {
            EventKind kind = kindOf(collector.feature());
            List<Filter> asked = new ArrayList<>();
            for (KindFilters filters : bySubscription.values()) {
                if (filters.wants(kind)) {
                    asked.add(filters.filter(kind));
                }
            }
            Filter union = FilterUnion.of(kind, asked);
            try {
                collector.applyFilter(union);
                applied.put(collector, union);
            } catch (IllegalArgumentException refused) {
                throw refused; // see subscribed(): rolled back there
            } catch (RuntimeException e) {
                // The kernel side failed (a map write): not the stream's fault. Tried again at the next change.
                LOG.log(System.Logger.Level.WARNING, "collector " + collector.feature() + " could not apply " + union, e);
            }
        }
        for (Collector collector : collectors) {
            try {
                collector.applyKinds(kinds);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collector " + collector.feature() + " could not switch to kinds "
                        + kinds, e);
            }
        }
    }

    /** The subscription kind of a collector's feature (they are named alike). */
    static EventKind kindOf(Feature feature) {
        return switch (feature) {
            case FEATURE_FLOWS -> EventKind.EVENT_KIND_FLOWS;
            case FEATURE_DROPS -> EventKind.EVENT_KIND_DROPS;
            case FEATURE_SYSCALLS -> EventKind.EVENT_KIND_SYSCALLS;
            case FEATURE_PROFILE -> EventKind.EVENT_KIND_PROFILE;
            case FEATURE_PROCESSES -> EventKind.EVENT_KIND_PROCESSES;
            case FEATURE_REQUESTS -> EventKind.EVENT_KIND_REQUESTS;
            case FEATURE_SECURITY -> EventKind.EVENT_KIND_SECURITY;
            default -> EventKind.EVENT_KIND_UNSPECIFIED;
        };
    }
}
