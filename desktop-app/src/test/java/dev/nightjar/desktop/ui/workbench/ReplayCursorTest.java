package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCursorTest {

    private static final long SECOND = 1_000_000_000L;
    private static final TimeWindow RANGE = new TimeWindow(1_000 * SECOND, 1_600 * SECOND);

    @Test
    void startsShowingTheWholeCaptureAndWindowsEndAtTheCursor() {
        ReplayCursor cursor = new ReplayCursor(RANGE, 10 * SECOND);
        assertThat(cursor.window()).isEqualTo(RANGE);

        cursor.seek(1_100 * SECOND);
        assertThat(cursor.window()).isEqualTo(new TimeWindow(1_000 * SECOND, 1_100 * SECOND));
        cursor.setMode(ReplayCursor.Mode.WINDOW);
        assertThat(cursor.window()).isEqualTo(new TimeWindow(1_090 * SECOND + 1, 1_100 * SECOND));
        cursor.seek(1_005 * SECOND);
        assertThat(cursor.window()).as("clipped at the start").isEqualTo(new TimeWindow(1_000 * SECOND, 1_005 * SECOND));
        cursor.seek(0);
        assertThat(cursor.cursorNs()).isEqualTo(RANGE.fromNs());
        cursor.seekFraction(0.5);
        assertThat(cursor.cursorNs()).isEqualTo(1_300 * SECOND);
        assertThat(cursor.fraction()).isEqualTo(0.5);
    }

    @Test
    void leftAndRightStepByOnePercentWithinTheRange() {
        ReplayCursor cursor = new ReplayCursor(RANGE, SECOND);
        cursor.step(+1);
        assertThat(cursor.cursorNs()).isEqualTo(RANGE.toNs());
        cursor.step(-1);
        cursor.step(-1);
        assertThat(cursor.cursorNs()).isEqualTo(1_588 * SECOND);
    }

    @Test
    void playAdvancesByElapsedTimeTimesTheSpeedAndStopsAtTheEnd() {
        ReplayCursor cursor = new ReplayCursor(RANGE, SECOND);
        long clock = 77 * SECOND; // any monotonic reading
        cursor.play(clock);
        assertThat(cursor.cursorNs()).as("play at the end restarts from the start").isEqualTo(RANGE.fromNs());

        clock += SECOND / 2;
        assertThat(cursor.tick(clock)).isTrue();
        assertThat(cursor.cursorNs()).isEqualTo(1_000 * SECOND + SECOND / 2);

        cursor.setSpeed(10);
        clock += 2 * SECOND;
        cursor.tick(clock);
        assertThat(cursor.cursorNs()).isEqualTo(1_020 * SECOND + SECOND / 2);

        cursor.pause();
        clock += 100 * SECOND;
        assertThat(cursor.tick(clock)).isFalse();
        assertThat(cursor.cursorNs()).isEqualTo(1_020 * SECOND + SECOND / 2);

        cursor.setSpeed(100);
        cursor.play(clock);
        clock += 3 * SECOND;
        cursor.tick(clock);
        assertThat(cursor.cursorNs()).as("paused time does not count").isEqualTo(1_320 * SECOND + SECOND / 2);
        clock += 60 * SECOND;
        cursor.tick(clock);
        assertThat(cursor.cursorNs()).isEqualTo(RANGE.toNs());
        assertThat(cursor.isPlaying()).isFalse();

        assertThatThrownBy(() -> cursor.setSpeed(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFlowsPageShowsExactlyTheFlowsUpdatedInTheWindowAtTheChosenInstant() {
        CaptureStore store = CaptureFixtures.store();
        TimeWindow span = store.span().orElseThrow();
        assertThat(span).isEqualTo(new TimeWindow(CaptureFixtures.at(0), CaptureFixtures.at(CaptureFixtures.TICKS - 1)));
        try (WorkbenchViewModel workbench = new WorkbenchViewModel(store,
                new CaptureSource(false, "test", ""), EndpointNamer.ADDRESSES_ONLY, Runnable::run)) {
            ReplayCursor cursor = new ReplayCursor(span, 3 * CaptureFixtures.TICK_NS);
            cursor.setMode(ReplayCursor.Mode.WINDOW);
            cursor.seek(CaptureFixtures.at(20));
            workbench.showWindow(cursor.window());

            // Ticks 18, 19, 20 are in the window: flow ids 18%7=4, 5, 6 on each node, in their state at tick 20.
            Map<String, SensorEvent> expected = new HashMap<>();
            for (String node : store.nodeNames()) {
                for (SensorEvent e : store.node(node).orElseThrow().events(PayloadKind.FLOW)) {
                    if (cursor.window().contains(e.getTimestampNs())) {
                        expected.put(node + "/" + e.getFlow().getFlowId(), e);
                    }
                }
            }
            assertThat(expected).hasSize(3 * 3);
            workbench.pageProperty().set(WorkbenchPage.FLOWS); // pages nobody looks at are not refreshed
            assertThat(workbench.flows().rows()).hasSize(expected.size());
            for (FlowRow row : workbench.flows().rows()) {
                SensorEvent latest = expected.get(row.node() + "/" + row.flowId());
                assertThat(latest).as("row %s/%d is in the window", row.node(), row.flowId()).isNotNull();
                assertThat(row.bytesSent()).isEqualTo(latest.getFlow().getBytesSent());
                assertThat(row.lastSeenNs()).isLessThanOrEqualTo(CaptureFixtures.at(20));
            }
            workbench.pageProperty().set(WorkbenchPage.DROPS);
            assertThat(workbench.drops().groups()).isNotEmpty();
            workbench.pageProperty().set(WorkbenchPage.OVERVIEW);
            assertThat(workbench.overview().nodes()).allSatisfy(n ->
                    assertThat(n.recorded().get(PayloadKind.FLOW)).as("overview counts the window").isEqualTo(3));

            workbench.pageProperty().set(WorkbenchPage.FLOWS);
            cursor.setMode(ReplayCursor.Mode.UP_TO_CURSOR);
            workbench.showWindow(cursor.window());
            assertThat(workbench.flows().rows()).hasSize(3 * 7);
            assertThat(workbench.flows().rows()).allSatisfy(r -> assertThat(r.lastSeenNs()).isLessThanOrEqualTo(CaptureFixtures.at(20)));

            workbench.showWindow(TimeWindow.ALL);
            assertThat(workbench.flows().rows()).extracting(FlowRow::lastSeenNs).contains(CaptureFixtures.at(39));
        }
    }
}
