package dev.nightjar.desktop.ui.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.profile.FlameLayout;
import dev.nightjar.desktop.profile.FlameTree;
import dev.nightjar.desktop.profile.SampleStacks;
import dev.nightjar.desktop.ui.page.TraceMenus;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.TracingViewTest;
import dev.nightjar.desktop.ui.workbench.WorkbenchView;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.testing.UiTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@UiTest
class FlameGraphViewTest {

    /** The process's own root frame (the graph is grouped by process). */
    private static final String BURNER = "burner (4242)";
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 8));
    private WorkbenchViewModel workbench;

    @Start
    void start(Stage stage) {
        store.accept(SampleStacks.process(4242, "burner").kind("burn_cpu", FrameKind.FRAME_KIND_NATIVE)
                .kind("__x64_sys_write", FrameKind.FRAME_KIND_KERNEL)
                .stack(70, "_start", "main", "burn_cpu")
                .stack(20, "_start", "main", "log_line", "__x64_sys_write")
                .stack(10, "_start", "idle").event("worker-1", 1, 1_000_000_000L));
        workbench = new WorkbenchViewModel(store, new CaptureSource(false, "profile.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        Scene scene = new Scene(new WorkbenchView(workbench, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    private static Color pixel(FlameCanvas canvas, double x, double y) {
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> shot.set(canvas.snapshot(null, null)));
        WaitForAsyncUtils.waitForFxEvents();
        return shot.get().getPixelReader().getColor((int) x, (int) y);
    }

    @Test
    void clickingAFrameZoomsIntoItAndSearchHighlightsMatches(FxRobot robot) {
        robot.clickOn("#nav-flame_graph");
        WaitForAsyncUtils.waitForFxEvents();
        FlameGraphViewModel vm = workbench.flameGraph();
        awaitTree(vm);
        FlameCanvas canvas = robot.lookup("#flame-canvas").queryAs(FlameCanvas.class);
        FlameTree tree = vm.treeProperty().get();
        assertThat(tree.totalSamples()).isEqualTo(100);

        int burn = tree.find(List.of(BURNER, "_start", "main", "burn_cpu"));
        FlameLayout before = canvas.currentLayout();
        int index = before.indexOf(burn);
        assertThat(index).as("burn_cpu is drawn").isNotNegative();
        assertThat(before.width(index)).isCloseTo(canvas.getWidth() * 0.7, org.assertj.core.data.Offset.offset(0.01));

        Point2D target = canvas.screenCenterOf(index);
        long paintsBeforeHover = canvas.paints();
        robot.moveTo(target);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(canvas.hoveredNode()).isEqualTo(burn);
        assertThat(canvas.paints()).as("hover outlines on its own layer").isEqualTo(paintsBeforeHover);
        Label tooltip = robot.lookup("#flame-tooltip").queryAs(Label.class);
        assertThat(tooltip.isVisible()).isTrue();
        assertThat(tooltip.getText()).contains("burn_cpu", "native frame", "total 70 samples (70.00%)");

        robot.clickOn(target);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.zoomPath()).containsExactly(BURNER, "_start", "main", "burn_cpu");
        FlameLayout zoomed = canvas.currentLayout();
        int zoomedIndex = zoomed.indexOf(burn);
        assertThat(zoomed.x(zoomedIndex)).isZero();
        assertThat(zoomed.width(zoomedIndex)).as("the zoomed frame spans the canvas").isEqualTo(canvas.getWidth());
        assertThat(zoomed.indexOf(tree.find(List.of(BURNER, "_start", "idle")))).as("its siblings are gone").isEqualTo(-1);

        robot.clickOn("#flame-reset-zoom");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.zoomPath()).isEmpty();

        robot.clickOn("#flame-search").write("sys_");
        Label matched = robot.lookup("#flame-matched").queryAs(Label.class);
        // The search runs on the refresh thread; its answer comes back to the FX thread.
        await(() -> matched.getText().equals("matched 20.0% of samples"));
        FlameLayout searched = canvas.currentLayout();
        int write = searched.indexOf(tree.find(List.of(BURNER, "_start", "main", "log_line", "__x64_sys_write")));
        Point2D writeCenter = canvas.screenToLocal(canvas.screenCenterOf(write));
        Point2D burnCenter = canvas.screenToLocal(canvas.screenCenterOf(searched.indexOf(burn)));
        // Sample beside the label text, near the rectangle's left edge.
        assertThat(pixel(canvas, searched.x(write) + 2, writeCenter.getY() - 6)).as("match highlighted")
                .isEqualTo(FlameColors.MATCH);
        Color other = pixel(canvas, searched.x(searched.indexOf(burn)) + 2, burnCenter.getY() - 6);
        assertThat(other).as("non-matches faded").isNotEqualTo(FlameColors.MATCH);
        assertThat(other.getSaturation()).isLessThan(0.45);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not within 10 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The tree is built on a background thread and handed back to the FX thread. */
    private static void awaitTree(FlameGraphViewModel vm) {
        try {
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> vm.treeProperty().get().totalSamples() > 0);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the flame graph was not built within 10 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void offlineAFramesMenuSaysWhatIsTracedIsChosenInALiveSession(FxRobot robot) {
        robot.clickOn("#nav-flame_graph");
        awaitTree(workbench.flameGraph());
        FlameCanvas canvas = robot.lookup("#flame-canvas").queryAs(FlameCanvas.class);
        int burn = workbench.flameGraph().treeProperty().get().find(List.of(BURNER, "_start", "main", "burn_cpu"));

        TracingViewTest.rightClick(robot, canvas, canvas.screenToLocal(canvas.screenCenterOf(canvas.currentLayout().indexOf(burn))));

        ContextMenu menu = TraceMenus.menuOf(canvas).orElseThrow();
        assertThat(menu.isShowing()).isTrue();
        assertThat(menu.getItems()).singleElement().satisfies(item -> {
            assertThat(item.getText()).isEqualTo("What is traced can be chosen in a live session");
            assertThat(item.isDisable()).isTrue();
        });
        robot.interact(menu::hide);
    }

    @Test
    void icicleModePutsTheRootAtTheTop(FxRobot robot) {
        robot.clickOn("#nav-flame_graph");
        awaitTree(workbench.flameGraph());
        FlameCanvas canvas = robot.lookup("#flame-canvas").queryAs(FlameCanvas.class);
        assertThat(canvas.rowTop(0)).as("flame: root row at the bottom").isGreaterThan(canvas.getHeight() / 2);
        robot.clickOn("#flame-mode-icicle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(workbench.flameGraph().layoutModeProperty().get()).isEqualTo(FlameLayoutMode.ICICLE);
        assertThat(canvas.rowTop(0)).isZero();
        Point2D rootCenter = canvas.screenToLocal(canvas.screenCenterOf(canvas.currentLayout().indexOf(FlameTree.ROOT)));
        assertThat(pixel(canvas, 2, rootCenter.getY() - 6)).isEqualTo(FlameColors.ROOT);
    }

    @Test
    void processChoiceIsFilledFromTheDataAndNarrowsTheGraph(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flame_graph");
        FlameGraphViewModel vm = workbench.flameGraph();
        awaitTree(vm);
        store.accept(SampleStacks.process(7, "logshipper").stack(50, "_start", "ship").event("worker-2", 1, 1_000_000_000L));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> vm.treeProperty().get().totalSamples() == 150);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<ScopeChoice<?>> processes = robot.lookup("#flame-process").queryAs(javafx.scene.control.ComboBox.class);
        assertThat(processes.getItems()).extracting(ScopeChoice::label)
                .containsExactly("All processes", "burner (4242)", "logshipper (7)");
        assertThat(processes.getValue().label()).isEqualTo("All processes");

        robot.interact(() -> processes.getSelectionModel().select(2));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> vm.treeProperty().get().totalSamples() == 50);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.processProperty().get().label()).isEqualTo("logshipper (7)");
        assertThat(processes.getValue().label()).as("the choice survives the list being refreshed").isEqualTo("logshipper (7)");
        assertThat(robot.lookup("#flame-summary").queryAs(Label.class).getText()).isEqualTo("50 samples · 2 frames · 1 process");
    }

    @Test
    void theToolbarWrapsInsteadOfCuttingItsButtonsWhileSearching(FxRobot robot) {
        robot.clickOn("#nav-flame_graph");
        awaitTree(workbench.flameGraph());
        robot.interact(() -> robot.lookup("#flame-search").queryAs(javafx.scene.control.TextField.class).getScene()
                .getWindow().setWidth(900));
        robot.clickOn("#flame-search").write("burn");
        Label matched = robot.lookup("#flame-matched").queryAs(Label.class);
        await(() -> !matched.getText().isEmpty());
        for (String id : new String[] {"#flame-mode-flame", "#flame-mode-icicle", "#flame-regex", "#flame-by-process",
                "#flame-matched", "#flame-reset-zoom"}) {
            javafx.scene.control.Labeled control = robot.lookup(id).queryAs(javafx.scene.control.Labeled.class);
            String drawn = control.lookupAll(".text").stream().filter(javafx.scene.text.Text.class::isInstance)
                    .map(n -> ((javafx.scene.text.Text) n).getText()).findFirst().orElse("");
            assertThat(drawn).as(id + " is drawn whole").isEqualTo(control.getText());
        }
    }
}
