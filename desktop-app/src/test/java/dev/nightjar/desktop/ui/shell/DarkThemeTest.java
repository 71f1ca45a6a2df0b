package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.BusyCapture;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import dev.nightjar.testing.UiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The dark theme where it once stayed light or unreadable (headless Monocle in the build). */
@UiTest
@ExtendWith(ApplicationExtension.class)
class DarkThemeTest {

    private final Preferences prefs = Preferences.userRoot().node("dev/nightjar/test-" + UUID.randomUUID());
    private WorkbenchViewModel vm;
    private Button defaultButton;

    @Start
    void start(Stage stage) {
        vm = new WorkbenchViewModel(BusyCapture.store(), new CaptureSource(false, "busy.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        defaultButton = new Button("Export");
        defaultButton.setId("a-default-button");
        defaultButton.setDefaultButton(true);
        BorderPane root = new BorderPane(new WorkbenchView(vm, () -> { }, () -> { }));
        root.setBottom(defaultButton);
        Scene scene = new Scene(root, 1200, 760);
        new ThemeSwitcher(prefs).select(Theme.DARK, scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private static Color pixel(FxRobot robot, Node node, double x, double y) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = node.snapshot(null, null));
        return shot[0].getPixelReader().getColor((int) x, (int) y);
    }

    /** WCAG contrast ratio of two colours: 4.5 is the floor for normal text. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double channel) {
        return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    @Test
    void theFlameGraphCanvasIsDark(FxRobot robot) throws Exception {
        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.FLAME_GRAPH));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.flameGraph().treeProperty().get().totalSamples() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        Node canvas = robot.lookup("#flame-canvas").query();
        // The top left corner: above the frames of a shallow graph, i.e. background.
        assertThat(pixel(robot, canvas, 3, 3).getBrightness()).isLessThan(0.3);
    }

    @Test
    void anEmptyTablesPlaceholderIsReadable(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.pageProperty().set(WorkbenchPage.FLOWS);
            vm.flows().filterTextProperty().set("port=1");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".placeholder .label").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        Label placeholder = robot.lookup(".placeholder .label").queryAs(Label.class);
        Color text = (Color) placeholder.getTextFill();
        Color background = pixel(robot, robot.lookup("#flows-table").query(), 5, 60);
        assertThat(contrast(text, background)).as("placeholder %s on %s", text, background).isGreaterThan(4.5);
    }

    @Test
    void theFiltersPromptTextIsReadable(FxRobot robot) {
        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.FLOWS));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextField filter = robot.lookup("#flows-filter").queryAs(javafx.scene.control.TextField.class);
        javafx.scene.text.Text prompt = filter.lookupAll(".text").stream().filter(javafx.scene.text.Text.class::isInstance)
                .map(javafx.scene.text.Text.class::cast).filter(t -> t.getText().equals(filter.getPromptText()))
                .findFirst().orElseThrow();
        Color background = pixel(robot, filter, filter.getWidth() - 6, filter.getHeight() / 2);
        assertThat(contrast((Color) prompt.getFill(), background)).as("prompt %s on %s", prompt.getFill(), background)
                .isGreaterThan(4.5);
    }

    @Test
    void aDefaultButtonIsNotPaleOnPale(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Color text = (Color) defaultButton.getTextFill();
        Color face = pixel(robot, defaultButton, 4, defaultButton.getHeight() / 2);
        assertThat(contrast(text, face)).as("text %s on %s", text, face).isGreaterThan(4.5);
    }
}
