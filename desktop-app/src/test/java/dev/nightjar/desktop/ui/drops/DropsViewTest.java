package dev.nightjar.desktop.ui.drops;

import static dev.nightjar.desktop.ui.workbench.WorkbenchWindow.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.drops.DropGroup;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.BusyCapture;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Drops page in a real window (headless Monocle in the build). */
@UiTest
@ExtendWith(ApplicationExtension.class)
class DropsViewTest {

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(BusyCapture.store(), new CaptureSource(false, "busy.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.pageProperty().set(WorkbenchPage.DROPS);
        WorkbenchWindow.show(stage, vm, 1200, 700);
    }

    @Test
    void whatToCheckNextIsStepsWithCopyableCommandsAndNoRawBackticks(FxRobot robot) throws Exception {
        await(() -> vm.drops().selectedProperty().get() != null);
        VBox steps = robot.lookup("#drop-next-steps").queryAs(VBox.class);
        assertThat(steps.lookupAll(".text-area")).as("no text box scrolling inside the page").isEmpty();
        assertThat(steps.lookupAll(".scroll-pane")).isEmpty();
        assertThat(steps.lookupAll(".step-prose").stream().map(n -> ((Text) n).getText()))
                .isNotEmpty().noneMatch(t -> t.contains("`"));
        assertThat(steps.lookupAll(".step-code").stream().map(n -> ((Text) n).getText()))
                .isNotEmpty().noneMatch(t -> t.contains("`"));
        assertThat(steps.lookupAll(".command-block")).isNotEmpty();
        assertThat(steps.lookupAll(".copy-command")).hasSameSizeAs(steps.lookupAll(".command-block"));
        Label firstCommand = (Label) steps.lookupAll(".command-block").iterator().next();
        robot.clickOn((Button) steps.lookupAll(".copy-command").iterator().next());
        String[] copied = new String[1];
        WaitForAsyncUtils.asyncFx(() -> copied[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString()).get();
        assertThat(copied[0]).isEqualTo(firstCommand.getText());
    }

    @Test
    void theRateChartHasAxesAndEphemeralPortsAreOneRow(FxRobot robot) throws Exception {
        await(() -> vm.drops().selectedProperty().get() != null
                && vm.drops().selectedProperty().get().reason().name().equals("NO_SOCKET"));
        await(() -> !robot.lookup("#drop-tuples").queryAs(TableView.class).getItems().isEmpty());
        RateChart chart = robot.lookup("#drop-rate-chart").queryAs(RateChart.class);
        assertThat(chart.axisLabels()).hasSize(6);
        assertThat(chart.axisLabels().get(0)).as("the y axis tops at the busiest bucket").isEqualTo(
                String.valueOf(vm.drops().selectedProperty().get().rate().stream().mapToLong(Long::longValue).max().orElseThrow()));
        assertThat(chart.axisLabels().get(5)).startsWith("packets per ");
        TableView<?> tuples = robot.lookup("#drop-tuples").queryAs(TableView.class);
        assertThat(tuples.getItems()).as("40 attempts from 40 client ports: one row").hasSize(1);
        assertThat(vm.drops().tuples().getFirst().sourceLabel()).isEqualTo("10.1.0.10 (40 ephemeral ports)");
    }

    @Test
    void switchingReasonStartsTheExplanationAtTheTop(FxRobot robot) throws Exception {
        await(() -> vm.drops().groups().size() == 2);
        ScrollPane detail = robot.lookup("#drop-detail-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> detail.setVvalue(detail.getVmax()));
        assertThat(detail.getVvalue()).isPositive();
        @SuppressWarnings("unchecked")
        ListView<DropGroup> reasons = robot.lookup("#drop-reasons").queryAs(ListView.class);
        DropGroup other = vm.drops().groups().stream()
                .filter(g -> g != vm.drops().selectedProperty().get()).findFirst().orElseThrow();
        robot.interact(() -> reasons.getSelectionModel().select(other));
        await(() -> vm.drops().selectedProperty().get().reason().name().equals(other.reason().name()));
        assertThat(detail.getVvalue()).as("a new reason is read from its top").isZero();
    }
}
