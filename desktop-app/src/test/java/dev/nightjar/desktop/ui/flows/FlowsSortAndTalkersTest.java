package dev.nightjar.desktop.ui.flows;

import static dev.nightjar.desktop.ui.workbench.WorkbenchWindow.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.BusyCapture;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Flows table over a busy capture in a real window: the user's sort survives rebuilds,
 * and the top talkers leave out the session's own stream.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class FlowsSortAndTalkersTest {

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(BusyCapture.store(), new CaptureSource(false, "busy.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.hideSessionTraffic(new SessionTraffic(BusyCapture.SENSOR_PORT));
        vm.pageProperty().set(WorkbenchPage.FLOWS);
        WorkbenchWindow.show(stage, vm, 1280, 760);
    }

    @Test
    void theUsersSortSurvivesTheReplaySliderAndPlay(FxRobot robot) throws Exception {
        TableView<FlowRow> table = robot.lookup("#flows-table").queryTableView();
        await(() -> table.getItems().size() == 31);
        TableColumn<FlowRow, ?> sent = table.getColumns().stream().filter(c -> c.getText().equals("Sent"))
                .findFirst().orElseThrow();
        // Columns sized to their content can run past the window: bring the header into view first.
        robot.interact(() -> table.scrollToColumn(sent));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".column-header").lookup((javafx.scene.Node n) ->
                n.lookup(".label") instanceof Label l && "Sent".equals(l.getText())).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSortOrder()).containsExactly(sent);
        assertThat(table.getItems()).extracting(FlowRow::bytesSent).isSorted();

        // The slider moves (or Play advances): the page rebuilds for a new window.
        robot.interact(() -> vm.showWindow(new TimeWindow(BusyCapture.T0, BusyCapture.T0 + 40 * BusyCapture.MS)));
        await(() -> table.getItems().size() < 31 && !table.getItems().isEmpty());
        assertThat(table.getSortOrder()).as("the sort arrow stays").containsExactly(sent);
        assertThat(table.getItems()).extracting(FlowRow::bytesSent).as("and so does the order").isSorted();
        robot.interact(() -> vm.showWindow(TimeWindow.ALL));
        await(() -> table.getItems().size() == 31);
        assertThat(table.getItems()).extracting(FlowRow::bytesSent).isSorted();
    }

    @Test
    void topTalkersLeaveOutTheSessionsOwnStreamAndSaySo(FxRobot robot) throws Exception {
        await(() -> !vm.flows().topTalkers().isEmpty());
        assertThat(vm.flows().topTalkers()).noneMatch(t -> t.destination().endsWith(":" + BusyCapture.SENSOR_PORT));
        assertThat(vm.flows().rows()).as("the flow itself is still listed")
                .anyMatch(r -> r.destination().port() == BusyCapture.SENSOR_PORT);
        assertThat(robot.lookup(".section-title").queryAllAs(Label.class)).extracting(Label::getText)
                .anyMatch(t -> t.contains("own sensor stream is not counted"));
    }
}
