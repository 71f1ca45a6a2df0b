package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.flows.SessionTraffic;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.BusyCapture;
import dev.nightjar.desktop.ui.shell.ShellView;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The session bar of a live workbench in a real window (headless Monocle in the build). */
@UiTest
@ExtendWith(ApplicationExtension.class)
class SessionBarTest {

    private static final String LONG_ERROR = "✖ the sensor at 10.0.0.7:7700 rejected the session token"
            + " (token does not match this sensor's). Check the token file; for a cluster session, stop and"
            + " start the session again. ".repeat(4);

    private final CaptureStore store = BusyCapture.store();
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(store, new CaptureSource(true, "sensor at 10.0.0.7:7700", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.attachLiveSource(() -> "stopped");
        vm.hideSessionTraffic(new SessionTraffic(BusyCapture.SENSOR_PORT));
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, stops::incrementAndGet, closes::incrementAndGet),
                1100, 700);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    private String badge(FxRobot robot) {
        return robot.lookup("#session-state").queryAs(Label.class).getText();
    }

    /** What a labeled control actually drew: its text, or "…"-cut when it did not fit. */
    private static String drawn(Labeled labeled) {
        return labeled.lookupAll(".text").stream().filter(Text.class::isInstance).map(n -> ((Text) n).getText())
                .findFirst().orElse("");
    }

    @Test
    void theBadgeSaysConnectingUntilEventsArriveAndFailedWhenTheTokenIsRejected(FxRobot robot) {
        assertThat(badge(robot)).as("no event yet: not LIVE").isEqualTo("CONNECTING");
        robot.interact(() -> vm.showConnection("10.0.0.7:7700", ConnectionState.LIVE, "● streaming"));
        assertThat(badge(robot)).isEqualTo("LIVE");
        robot.interact(() -> vm.showConnection("10.0.0.7:7700", ConnectionState.RECONNECTING,
                "◌ cannot reach the sensor: nothing accepts connections there (connection refused)"));
        assertThat(badge(robot)).as("connection refused: not LIVE").isEqualTo("RECONNECTING");
        robot.interact(() -> vm.showConnection("10.0.0.7:7700", ConnectionState.FAILED, LONG_ERROR));
        assertThat(badge(robot)).isEqualTo("FAILED");
        assertThat(robot.lookup("#session-connection").queryAs(Label.class).isVisible()).isTrue();
    }

    @Test
    void aLongErrorWrapsOnItsOwnLineAndLeavesTitleCountersAndButtonsWhole(FxRobot robot) {
        robot.interact(() -> vm.showConnection("10.0.0.7:7700", ConnectionState.FAILED, LONG_ERROR));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : new String[] {"#session-export", "#session-stop", "#session-close", "#session-state"}) {
            Labeled control = robot.lookup(id).queryAs(Labeled.class);
            assertThat(drawn(control)).as(id + " is not cut").isEqualTo(control.getText());
        }
        Label title = robot.lookup("#session-title").queryAs(Label.class);
        assertThat(title.getWidth()).as("the title keeps room").isGreaterThanOrEqualTo(80);
        Label connection = robot.lookup("#session-connection").queryAs(Label.class);
        assertThat(connection.getHeight()).as("the error wraps onto several lines").isGreaterThan(30);
        assertThat(drawn(connection)).doesNotEndWith("…");
    }

    @Test
    void everyButtonWithoutWordsOnEveryPageHasATooltip(FxRobot robot) {
        for (WorkbenchPage page : WorkbenchPage.values()) {
            robot.interact(() -> vm.pageProperty().set(page));
            WaitForAsyncUtils.waitForFxEvents();
            for (Node n : robot.lookup(".button").queryAll()) {
                if (n instanceof ButtonBase b && b.isVisible() && (b.getText() == null || b.getText().isBlank())) {
                    assertThat(b.getTooltip()).as(page + ": the icon button " + b.getId() + " says what it does")
                            .isNotNull();
                }
            }
        }
        for (String id : new String[] {"#session-export", "#session-stop", "#session-close", "#nav-flows"}) {
            assertThat(robot.lookup(id).queryAs(ButtonBase.class).getTooltip()).as(id).isNotNull();
        }
    }

    @Test
    void closeLeadsBackAndStopSaysStoppedEverywhere(FxRobot robot) {
        robot.interact(() -> vm.showConnection("10.0.0.7:7700", ConnectionState.LIVE, "● streaming"));
        robot.clickOn("#session-stop");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stops.get()).isEqualTo(1);
        assertThat(badge(robot)).isEqualTo("STOPPED");
        robot.interact(() -> vm.tick(System.nanoTime()));
        robot.interact(() -> vm.tick(System.nanoTime() + 1_000_000_000L));
        assertThat(vm.rateProperty().get()).as("stopped: a count, not '0 events/s'")
                .doesNotContain("events/s").endsWith("events");
        robot.clickOn("#session-close");
        assertThat(closes.get()).isEqualTo(1);
    }

    @Test
    void keyboardSwitchesPagesFocusesTheSearchAndEscapeClearsIt(FxRobot robot) {
        robot.clickOn("#nav-overview");
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT3)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.DROPS);
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.F)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextField filter = robot.lookup("#drops-filter").queryAs(javafx.scene.control.TextField.class);
        assertThat(filter.isFocused()).as("Ctrl+F: the Drops filter").isTrue();
        robot.write("port=9090");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.drops().filterTextProperty().get()).isEqualTo("port=9090");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(filter.getText()).as("Escape clears the filter").isEmpty();
        assertThat(vm.drops().filterTextProperty().get()).isEmpty();

        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT5)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.FLAME_GRAPH);
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.F)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#flame-search").queryAs(javafx.scene.control.TextField.class).isFocused()).isTrue();
    }
}
