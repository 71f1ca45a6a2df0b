package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.collect.Collector;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which subscription's filter the kernel applies, and pushes it to every collector.
 *
 * <p>Policy: <b>the newest subscription's filter wins</b>. The kernel holds one
 * filter per program, so with several clients the older ones receive what the
 * newest asked for. When the newest stream ends, the next newest one's filter is
 * applied again; when the last one ends the filter stays as it was (nobody is
 * listening, so it costs nothing to keep). The switch is logged whenever more
 * than one stream is open. Nightjar's desktop opens one stream per sensor, so
 * this only matters for a second, ad hoc client such as {@code observe}.
 *
 * <p>Kinds are different: collectors learn the union of the kinds all open
 * streams asked for, so a feature that costs while on (the CPU profiler) runs
 * exactly while someone wants it, and stops when the last such stream ends.
 */
final class FilterPolicy {

    private static final System.Logger LOG = System.getLogger(FilterPolicy.class.getName());

    private final List<Collector> collectors;
    private final LinkedHashMap<Long, Filter> bySubscription = new LinkedHashMap<>(); // insertion order = age
    private final Map<Long, Set<EventKind>> kindsBySubscription = new HashMap<>();
    private long appliedFor = -1;

    FilterPolicy(List<Collector> collectors) {
        this.collectors = List.copyOf(collectors);
    }

    synchronized void subscribed(long subscriptionId, Filter filter, Set<EventKind> kinds) {
        bySubscription.put(subscriptionId, filter);
        kindsBySubscription.put(subscriptionId, Set.copyOf(kinds));
        if (bySubscription.size() > 1) {
            LOG.log(System.Logger.Level.INFO, "{0} streams open: the filter of the newest (#{1}) now applies to all"
                    + " of them (newest subscription wins)", bySubscription.size(), subscriptionId);
        }
        apply(subscriptionId, filter);
        applyKinds();
    }

    synchronized void unsubscribed(long subscriptionId) {
        bySubscription.remove(subscriptionId);
        if (kindsBySubscription.remove(subscriptionId) != null) {
            applyKinds();
        }
        if (subscriptionId != appliedFor || bySubscription.isEmpty()) {
            return;
        }
        Map.Entry<Long, Filter> newest = bySubscription.sequencedEntrySet().getLast();
        LOG.log(System.Logger.Level.INFO, "stream #{0} ended: the filter of stream #{1} applies again",
                subscriptionId, newest.getKey());
        apply(newest.getKey(), newest.getValue());
    }

    private void applyKinds() {
        Set<EventKind> union = EnumSet.noneOf(EventKind.class);
        kindsBySubscription.values().forEach(union::addAll);
        for (Collector collector : collectors) {
            try {
                collector.applyKinds(union);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collector " + collector.feature() + " could not switch to kinds "
                        + union, e);
            }
        }
    }

    private void apply(long subscriptionId, Filter filter) {
        appliedFor = subscriptionId;
        for (Collector collector : collectors) {
            try {
                collector.applyFilter(filter);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collector " + collector.feature() + " rejected the filter", e);
            }
        }
    }
}
