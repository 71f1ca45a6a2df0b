package dev.nightjar.desktop.ui.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.FlowFilter;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.requests.RedRow;
import dev.nightjar.desktop.requests.RedSummary;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.testing.RequestFixtures;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a stage, on requests replayed from a real bundle: UI-thread work is queued and run by {@link #pulse()}. */
class RequestsViewModelTest {

    @TempDir
    Path dir;

    private final List<Runnable> uiQueue = new ArrayList<>();

    private void pulse() {
        for (int i = 0; i < 5 && !uiQueue.isEmpty(); i++) {
            List<Runnable> now = new ArrayList<>(uiQueue);
            uiQueue.clear();
            now.forEach(Runnable::run);
        }
    }

    private CaptureStore replayed(StoreLimits limits) throws Exception {
        CaptureStore store = new CaptureStore(limits);
        BundleImport.into(RequestFixtures.bundle(dir.resolve("requests.njcap")), store);
        return store;
    }

    private RequestsViewModel open(CaptureStore store) {
        RequestsViewModel vm = new RequestsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add);
        pulse();
        return vm;
    }

    @Test
    void theFilterNarrowsTheTableToTheFailingRequestAndABadFilterKeepsTheLastGoodOne() throws Exception {
        try (RequestsViewModel vm = open(replayed(StoreLimits.defaults()))) {
            assertThat(vm.rows()).extracting(RequestRow::status).as("newest first")
                    .containsExactly("SELECT 1", "NXDOMAIN", "UNAVAILABLE", "500", "404", "200");
            assertThat(vm.totalRequestsProperty().get()).isEqualTo(6);

            vm.filterTextProperty().set("http-status=5xx");
            pulse();
            assertThat(vm.rows()).extracting(RequestRow::status).containsExactly("500");
            assertThat(vm.rows().getFirst().target()).isEqualTo("/api/checkout?cart=?");
            assertThat(vm.filterErrorProperty().get()).isEmpty();

            vm.filterTextProperty().set("http-status=5xx protocol=mysql");
            pulse();
            assertThat(vm.filterErrorProperty().get()).isEqualTo("unknown protocol 'mysql'; use one of: http, http2,"
                    + " grpc, dns, postgres, redis (at character 26)");
            assertThat(vm.rows()).extracting(RequestRow::status).as("the last valid filter's rows").containsExactly("500");

            vm.filterTextProperty().set("grpc-status=UNAVAILABLE");
            pulse();
            assertThat(vm.rows()).extracting(RequestRow::status).containsExactly("UNAVAILABLE");
            assertThat(vm.emptyTextProperty().get()).startsWith("No requests match");
        }
    }

    @Test
    void theRedSummaryComesFromTheStatsAndTheHistogramFollowsTheChosenLine() throws Exception {
        try (RequestsViewModel vm = open(replayed(StoreLimits.defaults()))) {
            assertThat(vm.red()).extracting(RedRow::route).containsExactly("/api/orders/{id}", "/api/checkout");
            assertThat(vm.red().getFirst().ratePerSecond()).isEqualTo(100.0);
            assertThat(vm.red().get(1).stats().errorPercent()).isEqualTo(100.0);
            assertThat(vm.histogramProperty().get().total()).as("every line's latencies").isEqualTo(110);

            vm.selectedRedProperty().set(vm.red().get(1));
            assertThat(vm.histogramProperty().get().total()).isEqualTo(10);
            assertThat(vm.histogramProperty().get().count(25)).isEqualTo(10);
            assertThat(vm.histogramTitleProperty().get()).isEqualTo("Latency of POST /api/checkout on 10.0.2.20:8080");

            vm.groupingProperty().set(RedSummary.Grouping.PAIR);
            pulse();
            assertThat(vm.red()).singleElement().satisfies(r -> {
                assertThat(r.client()).isEqualTo("10.0.1.10");
                assertThat(r.stats().count()).isEqualTo(110);
            });
            assertThat(vm.selectedRedProperty().get()).as("a new grouping forgets the chosen line").isNull();
        }
    }

    @Test
    void newRequestsWithoutNewStatsLeaveTheSummaryAsItIs() throws Exception {
        CaptureStore store = replayed(StoreLimits.defaults());
        try (RequestsViewModel vm = open(store)) {
            vm.selectedRedProperty().set(vm.red().get(1));
            java.util.concurrent.atomic.AtomicInteger redChanges = new java.util.concurrent.atomic.AtomicInteger();
            vm.red().addListener((javafx.collections.ListChangeListener<RedRow>) c -> redChanges.incrementAndGet());
            // Requests come all the time, the stats once a second: a request alone changes the table only.
            SensorEvent again = RequestFixtures.requests().getFirst();
            store.accept(again.toBuilder().setSequence(1_000).setRequest(again.getRequest().toBuilder()
                    .setStartNs(again.getRequest().getStartNs() + 5_000_000_000L)).build());
            pulse();
            assertThat(vm.rows()).hasSize(7);
            assertThat(redChanges).as("no new stats: the summary table is not touched").hasValue(0);
            assertThat(vm.selectedRedProperty().get()).isSameAs(vm.red().get(1));

            SensorEvent stats = RequestFixtures.stats().getFirst();
            store.accept(stats.toBuilder().setSequence(1_001).build());
            pulse();
            assertThat(redChanges).as("new stats: a new summary").hasValue(1);
            assertThat(vm.selectedRedProperty().get()).as("the chosen line, from the new summary")
                    .isSameAs(vm.red().stream().filter(r -> r.route().equals("/api/checkout")).findFirst().orElseThrow());
        }
    }

    @Test
    void theTimeSlidersWindowReplaysOnlyTheRequestsInsideIt() throws Exception {
        try (RequestsViewModel vm = open(replayed(StoreLimits.defaults()))) {
            // The first three requests are stamped 0, 100 and 200 ms after the start (+1 ns).
            vm.showWindow(new TimeWindow(RequestFixtures.START_NS, RequestFixtures.START_NS + 250_000_000L));
            pulse();
            assertThat(vm.rows()).extracting(RequestRow::status).containsExactly("500", "404", "200");
            assertThat(vm.red()).as("the stats are stamped at the end of their second").isEmpty();
            vm.showWindow(TimeWindow.ALL);
            pulse();
            assertThat(vm.rows()).hasSize(6);
            assertThat(vm.red()).hasSize(2);
        }
    }

    @Test
    void aRequestLeadsToExactlyItsFlow() throws Exception {
        try (RequestsViewModel vm = open(replayed(StoreLimits.defaults()))) {
            AtomicReference<String> asked = new AtomicReference<>();
            vm.onShowFlows(asked::set);
            RequestRow failed = vm.rows().stream().filter(r -> r.status().equals("500")).findFirst().orElseThrow();
            vm.showFlow(failed);
            assertThat(asked.get()).isEqualTo("from-ip=10.0.1.10 from-port=40003 to-ip=10.0.2.20 to-port=8080 proto=tcp");
            FlowFilter flows = FlowFilter.parse(asked.get());
            assertThat(vm.rows()).filteredOn(r -> flows.test(r.asFlow())).containsExactly(failed);
        }
    }

    @Test
    void anOldSensorIsToldAndLossesAreShown() throws Exception {
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        store.recordSensorInfo("worker-1", SensorInfo.newBuilder().setNodeName("worker-1").setProtocolVersion(2).build());
        try (RequestsViewModel vm = open(store)) {
            assertThat(vm.rows()).isEmpty();
            assertThat(vm.emptyTextProperty().get()).isEqualTo("this sensor does not capture requests: protocol 2;"
                    + " redeploy it with this Nightjar's sensor image (protocol 3) to see HTTP, gRPC, DNS,"
                    + " PostgreSQL and Redis requests");
        }

        CaptureStore small = replayed(StoreLimits.uniform(4, 4));
        try (RequestsViewModel vm = open(small)) {
            assertThat(vm.rows()).as("the four newest kept").hasSize(4);
            assertThat(vm.lossesProperty().get())
                    .isEqualTo("2 oldest requests and stats evicted (the store keeps 4 of each per node)");
        }
    }

    @Test
    void requestsCapturedWithMaskingOffAreFlagged() throws Exception {
        CaptureStore store = replayed(StoreLimits.defaults());
        try (RequestsViewModel vm = open(store)) {
            assertThat(vm.literalsUnmaskedProperty().get()).isFalse();
            SensorEvent clear = RequestFixtures.requests().getFirst();
            store.accept(clear.toBuilder().setSequence(100).setRequest(clear.getRequest().toBuilder()
                    .setStartNs(RequestFixtures.START_NS + 5).setLiteralsUnmasked(true)).build());
            pulse();
            assertThat(vm.literalsUnmaskedProperty().get()).isTrue();
        }
    }
}
