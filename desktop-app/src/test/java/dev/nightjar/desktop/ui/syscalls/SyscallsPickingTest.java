package dev.nightjar.desktop.ui.syscalls;

import static dev.nightjar.desktop.ui.workbench.WorkbenchWindow.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.testing.BusyCapture;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Picking on the Syscalls page: a span on the timeline, a syscall in the table, a filter. */
@UiTest
@ExtendWith(ApplicationExtension.class)
class SyscallsPickingTest {

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(BusyCapture.store(), new CaptureSource(false, "busy.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.pageProperty().set(WorkbenchPage.SYSCALLS);
        WorkbenchWindow.show(stage, vm, 1280, 800);
    }

    @Test
    void clickingASpanOnTheTimelineSelectsItAndSaysWhatItWas(FxRobot robot) throws Exception {
        await(() -> vm.syscalls().slowest().size() == 20);
        TimelinePane timeline = robot.lookup("#syscall-timeline").queryAs(TimelinePane.class);
        TimelineSpan connect = vm.syscalls().slowest().stream().filter(s -> s.syscall().equals("connect"))
                .findFirst().orElseThrow();
        Point2D bar = timeline.pointOf(connect).orElseThrow();
        robot.clickOn(timeline.localToScreen(bar));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.syscalls().focusedProperty().get()).isNotNull();
        assertThat(vm.syscalls().focusedProperty().get().syscall()).isEqualTo("connect");
        assertThat(robot.lookup("#syscall-selected-span").queryAs(Label.class).getText())
                .startsWith("Selected: connect").contains("frontend  pid 3000");
        TableView<TimelineSpan> slowest = robot.lookup("#syscall-slowest").queryTableView();
        assertThat(slowest.getSelectionModel().getSelectedItem()).isEqualTo(vm.syscalls().focusedProperty().get());
    }

    @Test
    void aRowOfThePerSyscallTableNarrowsTheTimelineToItsSyscall(FxRobot robot) throws Exception {
        await(() -> vm.syscalls().stats().size() == 2);
        TableView<SyscallStats> stats = robot.lookup("#syscall-stats").queryTableView();
        int fsync = stats.getItems().indexOf(stats.getItems().stream().filter(s -> s.syscall().equals("fsync"))
                .findFirst().orElseThrow());
        robot.clickOn(robot.from(stats).lookup(".table-row-cell").nth(fsync).queryAs(javafx.scene.Node.class));
        await(() -> "fsync".equals(vm.syscalls().chosenSyscallProperty().get())
                && vm.syscalls().slowest().stream().allMatch(s -> s.syscall().equals("fsync")));
        assertThat(vm.syscalls().timelineProperty().get().lanes()).flatExtracting(l -> l.spans())
                .isNotEmpty().allSatisfy(s -> assertThat(((TimelineSpan) s).syscall()).isEqualTo("fsync"));
        assertThat(stats.getItems()).as("the table keeps every syscall").hasSize(2);
        assertThat(robot.lookup("#syscalls-chosen").queryAs(Label.class).getText()).contains("fsync only");

        robot.clickOn("#syscalls-chosen-clear");
        await(() -> vm.syscalls().chosenSyscallProperty().get() == null
                && vm.syscalls().slowest().stream().anyMatch(s -> s.syscall().equals("connect")));
    }

    @Test
    void failedCallsAreBrokenDownByErrnoAndAFilterErrorKeepsTheLastFilter(FxRobot robot) throws Exception {
        await(() -> vm.syscalls().stats().size() == 2);
        SyscallStats connect = vm.syscalls().stats().stream().filter(s -> s.syscall().equals("connect"))
                .findFirst().orElseThrow();
        assertThat(connect.errnoBreakdown()).isEqualTo("ECONNREFUSED 4");

        robot.interact(() -> vm.syscalls().filterTextProperty().set("comm=db"));
        await(() -> vm.syscalls().stats().size() == 1);
        robot.interact(() -> vm.syscalls().filterTextProperty().set("comm=db flavour=x"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.syscalls().filterErrorProperty().get()).contains("unknown field 'flavour'")
                .contains("comm, errno, node, pid, pod, syscall, target");
        assertThat(vm.syscalls().stats()).as("still the last valid filter's rows")
                .extracting(SyscallStats::syscall).containsExactly("fsync");
    }

    @Test
    void theLatencyBarsAreNotTheSelectionsBlue() {
        Color bar = MiniHistogram.BAR;
        Color selection = Color.web("#0096c9"); // modena's -fx-accent, the selected row's background
        assertThat(Math.abs(bar.getHue() - selection.getHue())).as("a hue apart from the selected row's")
                .isGreaterThan(90);
    }
}
