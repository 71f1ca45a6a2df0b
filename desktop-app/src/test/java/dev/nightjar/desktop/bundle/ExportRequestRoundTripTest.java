package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.desktop.ui.drops.DropsViewModel;
import dev.nightjar.desktop.ui.flows.FlowsViewModel;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.v1.SensorEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportRequestRoundTripTest {

    @TempDir
    Path dir;

    private static SensorEvent withoutSequence(SensorEvent e) {
        return e.toBuilder().clearSequence().build();
    }

    private static List<SensorEvent> stripped(List<SensorEvent> events) {
        return events.stream().map(ExportRequestRoundTripTest::withoutSequence).toList();
    }

    private static CaptureStore open(Path file) throws Exception {
        CaptureStore opened = new CaptureStore(StoreLimits.uniform(10_000, 8));
        BundleImport imported = BundleImport.into(file, opened);
        assertThat(imported.problems()).isEmpty();
        return opened;
    }

    @Test
    void everythingRoundTripsEveryKindAndTheFlowsAndDropsViewsShowTheSameRows() throws Exception {
        CaptureStore live = CaptureFixtures.store();
        Path file = dir.resolve("all.njcap");
        List<long[]> progress = new ArrayList<>();
        long written = BundleExport.write(live, ExportRequest.everything(), file, (done, total) -> progress.add(new long[] {done, total}));

        CaptureStore opened = open(file);
        assertThat(opened.nodeNames()).isEqualTo(live.nodeNames());
        long records = 0;
        for (String node : live.nodeNames()) {
            for (PayloadKind kind : PayloadKind.records()) {
                List<SensorEvent> before = live.node(node).orElseThrow().events(kind);
                assertThat(before).as("fixture has %s", kind).isNotEmpty();
                assertThat(stripped(opened.node(node).orElseThrow().events(kind))).as("%s %s", node, kind)
                        .containsExactlyElementsOf(stripped(before));
                records += before.size();
            }
            assertThat(opened.node(node).orElseThrow().info()).isEqualTo(live.node(node).orElseThrow().info());
        }
        assertThat(written).isEqualTo(records);
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast()).containsExactly(written, written);

        try (FlowsViewModel before = new FlowsViewModel(live, EndpointNamer.ADDRESSES_ONLY, Runnable::run);
             FlowsViewModel after = new FlowsViewModel(opened, EndpointNamer.ADDRESSES_ONLY, Runnable::run);
             DropsViewModel dropsBefore = new DropsViewModel(live, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY, Runnable::run);
             DropsViewModel dropsAfter = new DropsViewModel(opened, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY, Runnable::run)) {
            assertThat(before.rows()).hasSize(3 * 7);
            assertThat(after.rows()).containsExactlyElementsOf(before.rows());
            assertThat(dropsBefore.groups()).isNotEmpty();
            assertThat(dropsAfter.groups()).containsExactlyElementsOf(dropsBefore.groups());
        }
    }

    @Test
    void aNodeSetAndATimeRangeExportOnlyThoseEventsAndTheEstimateCountsThem() throws Exception {
        CaptureStore live = CaptureFixtures.store();
        TimeWindow window = new TimeWindow(CaptureFixtures.at(10), CaptureFixtures.at(19));
        ExportRequest request = new ExportRequest(window, Set.of("node-a", "node-c"), Redaction.NONE);
        Path file = dir.resolve("part.njcap");

        ExportEstimate estimate = BundleExport.estimate(live, request);
        long written = BundleExport.write(live, request, file, ExportProgress.NONE);

        assertThat(estimate.events()).isEqualTo(2 * 10 * PayloadKind.records().size());
        assertThat(written).isEqualTo(estimate.events());
        try (BundleReader reader = BundleReader.open(file)) {
            assertThat(reader.manifest().nodes()).extracting(n -> n.name()).containsExactly("node-a", "node-c");
            assertThat(reader.manifest().timeRange().startNs()).isEqualTo(CaptureFixtures.at(10));
            assertThat(reader.manifest().timeRange().endNs()).isEqualTo(CaptureFixtures.at(19));
            assertThat(reader.manifest().redactions()).isEmpty();
        }
        CaptureStore opened = open(file);
        assertThat(opened.nodeNames()).containsExactly("node-a", "node-c");
        for (String node : opened.nodeNames()) {
            for (PayloadKind kind : PayloadKind.records()) {
                List<SensorEvent> expected = live.node(node).orElseThrow().events(kind).stream()
                        .filter(e -> window.contains(e.getTimestampNs())).toList();
                assertThat(expected).hasSize(10);
                assertThat(stripped(opened.node(node).orElseThrow().events(kind))).as("%s %s", node, kind)
                        .containsExactlyElementsOf(stripped(expected));
            }
        }
    }
}
