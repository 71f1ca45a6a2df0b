package dev.nightjar.sensor.collect;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.SensorInfo;
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

    /**
     * Pushes the filter for this collector's kind (the union over the streams that ask for it)
     * down into the kernel's maps.
     *
     * @throws IllegalArgumentException for a filter this collector cannot apply (the message says why);
     *                                  the filter in force is then unchanged
     */
    void applyFilter(Filter filter);

    /** Adds what this collector knows about how it runs to GetInfo's answer (e.g. the syscall path); most add nothing. */
    default void describe(SensorInfo.Builder info) {
    }

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
