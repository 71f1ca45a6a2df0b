package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.sensor.collect.Collector;
import dev.nightjar.sensor.collect.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Collectors learn the union of the kinds all open streams ask for, so the profiler runs exactly while wanted. */
class FilterPolicyKindsTest {

    /** Notes every kinds set it is told; the policy under test is FilterPolicy, not a collector. */
    private static final class KindsLog implements Collector {
        final List<Set<EventKind>> told = new ArrayList<>();

        @Override
        public Feature feature() {
            return Feature.FEATURE_PROFILE;
        }

        @Override
        public void start(EventSink sink) {
        }

        @Override
        public FeatureState state() {
            return FeatureState.newBuilder().setFeature(Feature.FEATURE_PROFILE).setRunning(true).build();
        }

        @Override
        public void applyFilter(Filter filter) {
        }

        @Override
        public void applyKinds(Set<EventKind> wanted) {
            told.add(Set.copyOf(wanted));
        }

        @Override
        public List<LossCounter> lossCounters() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    private static KindFilters asking(EventKind kind) {
        return new KindFilters(Map.of(kind, Filter.getDefaultInstance()));
    }

    @Test
    void profilesAreWantedWhileAnyOpenStreamAsksForThem() {
        KindsLog log = new KindsLog();
        FilterPolicy policy = new FilterPolicy(List.of(log));
        policy.subscribed(1, asking(EventKind.EVENT_KIND_FLOWS));
        policy.subscribed(2, asking(EventKind.EVENT_KIND_PROFILE));
        policy.unsubscribed(1);
        assertThat(log.told.getLast()).containsExactly(EventKind.EVENT_KIND_PROFILE);
        policy.subscribed(3, asking(EventKind.EVENT_KIND_DROPS));
        policy.unsubscribed(2);
        assertThat(log.told.getLast()).containsExactly(EventKind.EVENT_KIND_DROPS);
        policy.unsubscribed(3);
        assertThat(log.told.getLast()).as("no stream open: nothing wanted").isEmpty();
        assertThat(log.told.get(0)).containsExactly(EventKind.EVENT_KIND_FLOWS);
        assertThat(log.told.get(1)).containsExactlyInAnyOrder(EventKind.EVENT_KIND_FLOWS, EventKind.EVENT_KIND_PROFILE);
    }
}
