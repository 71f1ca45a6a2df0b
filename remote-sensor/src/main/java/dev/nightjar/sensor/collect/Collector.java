package dev.nightjar.sensor.collect;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import java.util.List;
import java.util.Set;

/**
 * One sensor feature backed by kernel programs (flows, drops, syscalls, profile,
 * processes). A collector that cannot load disables only its own feature and
 * says why through {@link #state()}.
 */
public interface Collector extends AutoCloseable {

    Feature feature();

    /**
     * Loads and attaches the kernel side and starts publishing into {@code sink}.
     * Never throws for a missing kernel feature: it records the reason in
     * {@link #state()} and publishes nothing.
     */
    void start(EventSink sink);

    /** Running, or unavailable with a reason a person can act on. */
    FeatureState state();

    /** Pushes the subscription's filter down into the kernel's maps. */
    void applyFilter(Filter filter);

    /**
     * The kinds some open subscription asks for (empty when none is open). A collector whose
     * kernel side costs even with an empty filter (the CPU profiler's samplers) runs only
     * while its kind is asked for; the others ignore this.
     */
    default void applyKinds(Set<EventKind> wanted) {
    }

    /** Cumulative counts of events this collector could not deliver, by stage. */
    List<LossCounter> lossCounters();

    /** Detaches and frees every kernel object; safe to call twice. */
    @Override
    void close();
}
