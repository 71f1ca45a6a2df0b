package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A test-only collector: it stands in for the kernel side in tests about the
 * server and the CLI. It records what the server asks of it and publishes
 * what the test tells it to.
 */
public final class ScriptedCollector implements Collector {

    private final Feature feature;
    private final FeatureState state;
    private final List<LossCounter> losses;
    private final AtomicReference<EventSink> sink = new AtomicReference<>();
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile Consumer<EventSink> onFilter = s -> { };
    private final List<String> lifecycle;

    public ScriptedCollector(Feature feature, FeatureState state, List<LossCounter> losses, List<String> lifecycle) {
        this.feature = feature;
        this.state = state;
        this.losses = List.copyOf(losses);
        this.lifecycle = lifecycle;
    }

    public static ScriptedCollector running(Feature feature) {
        return new ScriptedCollector(feature, FeatureState.newBuilder().setFeature(feature).setRunning(true).build(),
                List.of(), new CopyOnWriteArrayList<>());
    }

    /** Publishes through the sink each time a subscription pushes its filter. */
    public ScriptedCollector onFilter(Consumer<EventSink> action) {
        this.onFilter = action;
        return this;
    }

    public EventSink sink() {
        return sink.get();
    }

    public List<Filter> filters() {
        return filters;
    }

    public int closes() {
        return closes.get();
    }

    @Override
    public Feature feature() {
        return feature;
    }

    @Override
    public void start(EventSink eventSink) {
        lifecycle.add("start " + feature);
        sink.set(eventSink);
    }

    @Override
    public FeatureState state() {
        return state;
    }

    @Override
    public void applyFilter(Filter filter) {
        filters.add(filter);
        onFilter.accept(sink.get());
    }

    @Override
    public List<LossCounter> lossCounters() {
        return losses;
    }

    @Override
    public void close() {
        if (closes.getAndIncrement() == 0) {
            lifecycle.add("close " + feature);
        }
    }
}
