package dev.nightjar.desktop.ui.servicemap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.servicemap.MapLayout;
import dev.nightjar.desktop.testing.RequestFixtures;
import dev.nightjar.desktop.testing.UiQueue;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a stage, on requests replayed from a real bundle: UI-thread work is queued and run by {@link #pulse()}. */
class ServiceMapViewModelTest {

    private static final String CART_EDGE = "10.0.1.10 → 10.0.2.20 · http";

    @TempDir
    Path dir;

    private final UiQueue ui = new UiQueue();

    private void pulse() {
        ui.pulse();
    }

    private ServiceMapViewModel open(CaptureStore store) {
        ServiceMapViewModel vm = new ServiceMapViewModel(store, EndpointNamer.ADDRESSES_ONLY,
                ViewExecutors.uiOnly(ui));
        pulse();
        assertThat(vm.mapProperty().get().isEmpty()).as("nothing built before the page is shown").isTrue();
        vm.setShown(true);
        pulse();
        return vm;
    }

    private CaptureStore replayed() throws Exception {
        return RequestFixtures.replayed(dir);
    }

    @Test
    void theMapFollowsTheTimeWindow() throws Exception {
        try (ServiceMapViewModel vm = open(replayed())) {
            assertThat(vm.mapProperty().get().edges()).hasSize(4);
            // Only the first 250 ms: the cart's 200, 404 and 500 (requests at +0, +100, +200 ms), no stats
            // (recorded at +1 s), so the cart edge is known from its sampled requests alone.
            vm.showWindow(new TimeWindow(RequestFixtures.START_NS, RequestFixtures.START_NS + 250_000_000L));
            pulse();
            assertThat(vm.mapProperty().get().edges()).extracting(MapEdge::key).containsExactly(CART_EDGE);
            MapEdge cart = vm.mapProperty().get().edges().getFirst();
            assertThat(cart.sampled()).isTrue();
            assertThat(cart.stats().count()).isEqualTo(3);
            assertThat(vm.summaryProperty().get()).isEqualTo("2 workloads, 1 edge");

            vm.showWindow(new TimeWindow(RequestFixtures.START_NS + 2_000_000_000L,
                    RequestFixtures.START_NS + 3_000_000_000L));
            pulse();
            assertThat(vm.mapProperty().get().isEmpty()).isTrue();
            assertThat(vm.emptyTextProperty().get()).startsWith("No requests in this time window");
        }
    }

    @Test
    void newFiguresOnTheSameShapeKeepTheLayoutAndANewEdgeRedoesIt() throws Exception {
        CaptureStore store = replayed();
        try (ServiceMapViewModel vm = open(store)) {
            MapLayout first = vm.layoutProperty().get();
            assertThat(first.edges()).containsKey(CART_EDGE);
            // One more second of the cart's stats: new figures, same shape.
            for (SensorEvent e : RequestFixtures.stats()) {
                var s = e.getRequestStats();
                store.accept(e.toBuilder().setSequence(100 + s.getCount()).setTimestampNs(e.getTimestampNs() + 1_000_000_000L)
                        .setRequestStats(s.toBuilder().setIntervalStartNs(s.getIntervalEndNs())
                                .setIntervalEndNs(s.getIntervalEndNs() + 1_000_000_000L)).build());
            }
            pulse();
            assertThat(vm.mapProperty().get().edges().getFirst().stats().count()).isEqualTo(220);
            assertThat(vm.layoutProperty().get()).as("not laid out again").isSameAs(first);

            // The frontend now calls the DNS server on a new address: a new edge, a new layout.
            SensorEvent dns = RequestFixtures.requests().get(4);
            store.accept(dns.toBuilder().setSequence(200).setRequest(dns.getRequest().toBuilder().setTuple(
                    dns.getRequest().getTuple().toBuilder().setDstAddr(com.google.protobuf.ByteString.copyFrom(
                            new byte[] {10, 96, 0, 11})))).build());
            pulse();
            assertThat(vm.layoutProperty().get()).isNotSameAs(first);
            assertThat(vm.layoutProperty().get().edges()).containsKey("10.0.1.10 → 10.96.0.11 · dns");
        }
    }

    @Test
    void anEdgeShowsItsRequests() throws Exception {
        try (ServiceMapViewModel vm = open(replayed())) {
            AtomicReference<String> shown = new AtomicReference<>();
            vm.onShowRequests(shown::set);
            vm.showRequests(vm.mapProperty().get().edges().getFirst());
            assertThat(shown.get()).isEqualTo("from-ip=10.0.1.10 to-ip=10.0.2.20 protocol=http");
        }
    }

    @Test
    void zoomStepsInAndOutWithinBoundsAndFitShowsTheWholeMap() throws Exception {
        try (ServiceMapViewModel vm = open(replayed())) {
            assertThat(vm.zoomProperty().get()).isEqualTo(1.0);
            vm.zoomIn();
            assertThat(vm.zoomProperty().get()).isEqualTo(1.25);
            vm.zoomOut();
            vm.zoomOut();
            assertThat(vm.zoomProperty().get()).isEqualTo(0.8);
            for (int i = 0; i < 40; i++) {
                vm.zoomOut();
            }
            assertThat(vm.zoomProperty().get()).as("never smaller than 10 %").isEqualTo(0.1);
            for (int i = 0; i < 40; i++) {
                vm.zoomBy(1.1);
            }
            assertThat(vm.zoomProperty().get()).as("never larger than 400 %").isEqualTo(4.0);
            vm.zoomBy(0);
            assertThat(vm.zoomProperty().get()).as("a factor of 0 changes nothing").isEqualTo(4.0);
            vm.zoomActual();
            assertThat(vm.zoomProperty().get()).isEqualTo(1.0);

            MapLayout layout = vm.layoutProperty().get();
            // A view half as wide as the map and as tall: half size, so the whole width shows.
            vm.fit(layout.width() / 2, layout.height());
            assertThat(vm.zoomProperty().get()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(layout.width() * vm.zoomProperty().get()).isLessThanOrEqualTo(layout.width() / 2);
            // A view larger than the map: 100 %, not blown up.
            vm.fit(layout.width() * 3, layout.height() * 3);
            assertThat(vm.zoomProperty().get()).isEqualTo(1.0);
        }
    }
}
