package dev.nightjar.desktop.ui.syscalls;

import static dev.nightjar.desktop.syscalls.SyscallEvents.process;
import static dev.nightjar.desktop.syscalls.SyscallEvents.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.testing.UiTest;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Syscalls page in a real workbench window (headless Monocle in the build). */
@ExtendWith(ApplicationExtension.class)
@UiTest
class SyscallsViewTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_764_000_000_000_000_000L;

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 8));
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        long seq = 0;
        for (SensorEvent e : new SensorEvent[] {
                process("worker-1", 4242, "sleeper", ""),
                span("worker-1", 4242, "sleeper", "nanosleep", T0, 5 * MS, 0, ""),
                // A second, much later span so the view spans a minute and the 5 ms bar is thin.
                span("worker-1", 4243, "writer", "write", T0 + 60_000 * MS, 2 * MS, 0, "/var/log/app.log")}) {
            store.accept(e.toBuilder().setSequence(seq++).build());
        }
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "sleep.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 760);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aFiveMillisecondNanosleepIsListedCountedAndDrawn(FxRobot robot) {
        showSyscallsPage(robot);
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.SYSCALLS);

        TableView<TimelineSpan> slowest = robot.lookup("#syscall-slowest").queryTableView();
        assertThat(slowest.getItems()).first().satisfies(s -> {
            assertThat(s.syscall()).isEqualTo("nanosleep");
            assertThat(s.durationNs()).isEqualTo(5 * MS);
            assertThat(s.comm()).isEqualTo("sleeper");
        });
        TableView<SyscallStats> stats = robot.lookup("#syscall-stats").queryTableView();
        assertThat(stats.getItems()).filteredOn(s -> s.syscall().equals("nanosleep")).singleElement()
                .satisfies(s -> assertThat(s.count()).isEqualTo(1));

        TimelinePane timeline = robot.lookup("#syscall-timeline").queryAs(TimelinePane.class);
        TimelineSpan sleep = slowest.getItems().getFirst();
        Point2D bar = timeline.pointOf(sleep).orElseThrow();
        assertThat(colourAt(robot, timeline, bar)).as("the 5 ms bar is drawn, a minute fits in the view")
                .isEqualTo(SyscallPalette.colourOf("nanosleep"));

        robot.moveTo(timeline.localToScreen(bar));
        WaitForAsyncUtils.waitForFxEvents();
        Label tooltip = robot.lookup("#syscall-tooltip").queryAs(Label.class);
        assertThat(tooltip.isVisible()).isTrue();
        assertThat(tooltip.getText()).contains("nanosleep", "5.0 ms", "pid 4242");
    }

    @Test
    void zoomingOutKeepsABarAtLeastAPixelWide(FxRobot robot) {
        showSyscallsPage(robot);
        TimelinePane timeline = robot.lookup("#syscall-timeline").queryAs(TimelinePane.class);
        robot.clickOn(timeline);
        long before = timeline.viewport().spanNs();
        robot.type(KeyCode.MINUS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline.viewport().spanNs()).as("'-' zooms out").isEqualTo(2 * before);
        robot.interact(() -> {
            for (int i = 0; i < 5; i++) {
                timeline.zoom(0.5, timeline.viewport().width() / 2);
            }
        });
        assertThat(timeline.viewport().spanNs()).as("zoomed out to about an hour").isGreaterThan(3_000_000 * MS);
        TimelineSpan sleep = vm.syscalls().slowest().stream().filter(s -> s.syscall().equals("nanosleep"))
                .findFirst().orElseThrow();
        Point2D bar = timeline.pointOf(sleep).orElseThrow();
        assertThat(colourAt(robot, timeline, bar)).isEqualTo(SyscallPalette.colourOf("nanosleep"));
    }

    @Test
    void clickingASlowSpanCentresTheTimelineOnIt(FxRobot robot) {
        showSyscallsPage(robot);
        TableView<TimelineSpan> slowest = robot.lookup("#syscall-slowest").queryTableView();
        TimelinePane timeline = robot.lookup("#syscall-timeline").queryAs(TimelinePane.class);
        TimelineSpan picked = clickSecondRow(robot, slowest);
        assertThat(picked.syscall()).isEqualTo("write");
        double middle = TimelinePane.LABEL_WIDTH + timeline.viewport().width() / 2;
        assertThat(timeline.pointOf(picked).orElseThrow().getX()).isCloseTo(middle, org.assertj.core.api.Assertions.within(2.0));
        assertThat(timeline.viewport().spanNs()).as("zoomed in on it").isLessThan(1_000 * MS);
    }

    @Test
    void ctrlPPausesTheSyscallsPage(FxRobot robot) {
        showSyscallsPage(robot);
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.syscalls().pausedProperty().get()).isTrue();
        assertThat(robot.lookup("#syscalls-pause").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.syscalls().pausedProperty().get()).isFalse();
    }

    /**
     * Opens the page and waits, bounded, for its background build to land: the rows are
     * built on the refresh thread, which a busy machine can hold up past one FX pulse.
     */
    private static void showSyscallsPage(FxRobot robot) {
        robot.clickOn("#nav-syscalls");
        TableView<TimelineSpan> slowest;
        try {
            // The page's split panes make their children when they are first laid out.
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#syscall-slowest").tryQuery().isPresent());
            slowest = robot.lookup("#syscall-slowest").queryTableView();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> slowest.getItems().size() == 2);
        } catch (TimeoutException e) {
            TableView<TimelineSpan> table = robot.lookup("#syscall-slowest").queryTableView();
            throw new AssertionError("the Syscalls page listed " + table.getItems().size()
                    + " slow spans after 10 s, expected both", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Clicks the table's second row until it is selected, at most three times: on a busy
     * machine a late background apply can replace the rows between the click and the read,
     * or the row may not be laid out yet.
     */
    private static TimelineSpan clickSecondRow(FxRobot robot, TableView<TimelineSpan> table) {
        for (int attempt = 0; attempt < 3; attempt++) {
            // The row showing item 1, not the second cell found: the table reuses and reorders its cells.
            javafx.scene.control.TableRow<?> row = robot.from(table).lookup(".table-row-cell")
                    .queryAllAs(javafx.scene.control.TableRow.class).stream()
                    .filter(r -> r.getIndex() == 1 && !r.isEmpty()).findFirst().orElse(null);
            if (row == null) {
                WaitForAsyncUtils.waitForFxEvents();
                continue;
            }
            robot.clickOn(row);
            try {
                WaitForAsyncUtils.waitFor(3, TimeUnit.SECONDS, () -> table.getSelectionModel().getSelectedItem() != null);
            } catch (TimeoutException e) {
                continue;
            }
            WaitForAsyncUtils.waitForFxEvents();
            TimelineSpan picked = table.getSelectionModel().getSelectedItem();
            if (picked != null) {
                return picked;
            }
        }
        throw new AssertionError("three clicks on the second row of the slowest spans selected nothing");
    }

    private static Color colourAt(FxRobot robot, TimelinePane timeline, Point2D p) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = timeline.snapshot(null, null));
        PixelReader pixels = shot[0].getPixelReader();
        Color c = pixels.getColor((int) Math.floor(p.getX()), (int) Math.floor(p.getY()));
        // Snapshots round channels to 8 bits; compare at that precision.
        return Color.rgb((int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }
}
