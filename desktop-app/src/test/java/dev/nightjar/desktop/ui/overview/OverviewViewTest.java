package dev.nightjar.desktop.ui.overview;

import static dev.nightjar.desktop.ui.workbench.WorkbenchWindow.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.overview.NodeOverview;
import dev.nightjar.desktop.testing.BusyCapture;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import java.util.List;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Overview's node cards in a real window (headless Monocle in the build). */
@UiTest
@ExtendWith(ApplicationExtension.class)
class OverviewViewTest {

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(BusyCapture.store(), new CaptureSource(true, "sensor on this machine", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.attachLiveSource(() -> "stopped");
        vm.hideSessionTraffic(new SessionTraffic(BusyCapture.SENSOR_PORT));
        WorkbenchWindow.show(stage, vm, 1100, 760);
    }

    private List<String> texts(FxRobot robot, String selector) {
        return robot.lookup(selector).queryAll().stream().filter(n -> n instanceof javafx.scene.control.Labeled)
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).toList();
    }

    @Test
    void clickingACardSelectsNothingAndItsLinksLeadToTheirPages(FxRobot robot) throws Exception {
        await(() -> robot.lookup(".node-card").tryQuery().isPresent());
        Node card = robot.lookup(".node-card").query();
        robot.clickOn(card);
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<?> cell = (ListCell<?>) card.getParent();
        assertThat(cell.getPseudoClassStates()).as("a card is not a selectable list row")
                .doesNotContain(PseudoClass.getPseudoClass("selected"));

        robot.clickOn(robot.lookup(".node-card-drops-link").queryAs(Hyperlink.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.DROPS);
        assertThat(vm.drops().filterTextProperty().get()).isEqualTo("node=" + BusyCapture.NODE);

        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.OVERVIEW));
        await(() -> robot.lookup(".node-card-talker").tryQuery().isPresent());
        Hyperlink talker = robot.lookup(".node-card-talker").queryAs(Hyperlink.class);
        robot.clickOn(talker);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.FLOWS);
        assertThat(vm.flows().filterTextProperty().get()).startsWith("node=" + BusyCapture.NODE + " \"10.1.0.");
        await(() -> !vm.flows().rows().isEmpty());
        assertThat(vm.flows().rows()).allSatisfy(r -> assertThat(r.destination().port()).isEqualTo(8080));
    }

    @Test
    void theSessionsOwnStreamIsNotATopTalkerAndTheCardSaysSo(FxRobot robot) throws Exception {
        await(() -> robot.lookup(".node-card-talker").tryQuery().isPresent());
        assertThat(texts(robot, ".node-card-talker")).isNotEmpty()
                .noneMatch(t -> t.contains("127.0.0.1") || t.contains(":" + BusyCapture.SENSOR_PORT));
        assertThat(texts(robot, ".node-card .label")).anyMatch(t -> t.contains("own sensor stream is not counted"));
    }

    @Test
    void afterStopTheFeaturesSayStoppedNotRunning(FxRobot robot) throws Exception {
        await(() -> texts(robot, ".feature-line").stream().anyMatch(t -> t.endsWith(": running")));
        robot.interact(vm::markStopped);
        await(() -> texts(robot, ".feature-line").stream().noneMatch(t -> t.endsWith(": running")));
        assertThat(texts(robot, ".feature-line")).isNotEmpty().allMatch(t -> t.contains("stopped"));
        assertThat(robot.lookup("#session-state").queryAs(Label.class).getText()).isEqualTo("STOPPED");
    }

    /**
     * A live Overview refreshes several times a second: a card shown again with new counts keeps
     * its lines (only their text changes), and builds anew only a line whose kind changed.
     */
    @Test
    void aRefreshedCardKeepsItsLinesAndChangesOnlyTheirText(FxRobot robot) throws Exception {
        await(() -> !vm.overview().nodes().isEmpty());
        NodeOverview before = WaitForAsyncUtils.asyncFx(() -> vm.overview().nodes().getFirst()).get();
        NodeCard card = WaitForAsyncUtils.asyncFx(() -> {
            NodeCard c = new NodeCard(vm.overview());
            c.show(before);
            return c;
        }).get();
        List<Node> linesBefore = List.copyOf(card.getChildren());
        NodeOverview.FeatureLine first = before.features().getFirst();
        List<NodeOverview.FeatureLine> features = new java.util.ArrayList<>(before.features());
        features.set(0, new NodeOverview.FeatureLine(first.name(), !first.running(), "tracefs is not mounted"));
        NodeOverview busier = new NodeOverview(before.node(), before.kernelRelease(), before.architecture(),
                before.sensorVersion(), features, before.sensorCpuSeconds() + 1, before.sensorRssBytes(),
                before.recorded(), before.lostTotal() + 7, before.lossDetails(), before.streamRestarts(),
                before.topTalkers(), before.drops(), before.talkerTargets());
        robot.interact(() -> card.show(busier));

        List<Node> linesAfter = List.copyOf(card.getChildren());
        assertThat(linesAfter).hasSameSizeAs(linesBefore);
        int featureIndex = 2;
        for (int i = 0; i < linesAfter.size(); i++) {
            if (i == featureIndex) {
                assertThat(linesAfter.get(i)).as("the feature that changed state").isNotSameAs(linesBefore.get(i));
            } else if (!(i == linesAfter.size() - 1 && before.lostTotal() == 0)) {
                assertThat(linesAfter.get(i)).as("line %d", i).isSameAs(linesBefore.get(i));
            }
        }
        assertThat(((Label) linesAfter.get(1)).getText()).contains(String.format(java.util.Locale.ROOT,
                "CPU %.1f s", busier.sensorCpuSeconds()));
        assertThat(((Label) linesAfter.get(featureIndex)).getText()).startsWith(first.name())
                .contains(first.running() ? "not running — tracefs is not mounted" : ": running");
        assertThat(((Label) linesAfter.getLast()).getText()).contains(String.format(java.util.Locale.ROOT,
                "%,d events lost", busier.lostTotal()));
    }
}
