package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.profile.SampleStacks;
import dev.nightjar.desktop.syscalls.SyscallEvents;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.desktop.ui.page.TraceMenus;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.targets.TargetPicker;
import dev.nightjar.desktop.ui.targets.TargetPickerModel;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.testing.UiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.ContextMenuEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Choosing what to trace where the user is: a flow's context menu and the Syscalls page's picker. */
@ExtendWith(ApplicationExtension.class)
@UiTest
public class TracingViewTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 8));
    private final List<TraceTargets> asked = new CopyOnWriteArrayList<>();
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40000)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(1).setTimestampNs(1000)
                .setFlow(FlowUpdate.newBuilder().setFlowId(1).setTuple(tuple).setBytesSent(10).setPid(4242)
                        .setComm("nginx")).build());
        store.accept(SyscallEvents.process("worker-1", 4242, "nginx", ""));
        store.accept(SampleStacks.process(4242, "nginx").stack(5, "main", "serve").event("worker-1", 2, 2000));
        store.accept(SyscallEvents.process("worker-1", 77, "postgres", ""));
        vm = new WorkbenchViewModel(store, new CaptureSource(true, "127.0.0.1:7700", ""),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        vm.useRetargeter((sensor, next, done, failed) -> {
            asked.add(next);
            done.accept("subscribed again with the new choice");
        }, TargetsByNode.ONE_SENSOR);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aFlowsContextMenuTracesItsProcessAndShowsTheSyscallsPage(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flows");
        TableView<FlowRow> table = robot.lookup("#flows-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> table.getItems().size() == 1).get());
        Node row = robot.lookup(".table-row-cell").match(n -> ((TableRow<?>) n).getItem() != null).query();
        MenuItem item = openMenuItem(robot, table, row, "trace-process");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(item.getText()).isEqualTo("Trace syscalls of nginx (4242)");
        assertThat(asked).singleElement().satisfies(t -> assertThat(t.syscalls().pids()).containsExactly(4242));
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.SYSCALLS);
        assertThat(robot.lookup("#trace-current").queryAs(Label.class).getText())
                .isEqualTo("Traced: syscalls of nginx (4242) · CPU profile of the whole node");
        assertThat(robot.lookup("#trace-done").queryAs(Label.class).getText())
                .isEqualTo("Tracing syscalls of nginx (4242): subscribed again with the new choice");
    }

    @Test
    void theEmptySyscallsPageOffersThePickerWhichTracesWhatIsChosen(FxRobot robot) throws Exception {
        robot.clickOn("#nav-syscalls");
        assertThat(vm.syscalls().emptyHintProperty().get()).contains("No syscalls are traced yet");
        assertThat(robot.lookup("#trace-current").queryAs(Label.class).getText()).contains("no syscalls traced");
        robot.clickOn("#trace-choose");
        ListView<?> list = robot.lookup("#trace-candidates").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> list.getItems().size() == 2).get());
        assertThat(robot.lookup("#trace-syscalls").queryAs(Button.class).isDisabled()).as("nothing selected").isTrue();
        assertThat(robot.lookup("#trace-whole-node-cost").queryAs(Label.class).getText()).contains("costs");

        robot.clickOn("#trace-search").write("postgres");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> list.getItems().size() == 1).get());
        robot.clickOn("postgres (77)");
        robot.clickOn("#trace-syscalls");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(asked).singleElement().satisfies(t -> assertThat(t.syscalls().pids()).containsExactly(77));
        assertThat(robot.lookup("#trace-picker").tryQuery()).as("the picker closes after a choice").isEmpty();
        assertThat(vm.syscalls().emptyHintProperty().get()).contains("Tracing syscalls of postgres (77)");
    }

    @Test
    void anOverviewTopTalkersMenuTracesItsProcess(FxRobot robot) throws Exception {
        robot.clickOn("#nav-overview");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".node-card-talker").tryQuery().isPresent());
        Hyperlink talker = robot.lookup(".node-card-talker").queryAs(Hyperlink.class);
        assertThat(talker.getText()).isEqualTo("10.0.0.1 → 10.0.0.2:8080");

        rightClick(robot, talker, new Point2D(5, 5));
        MenuItem item = chooseFromTraceMenu(robot, talker, "trace-process");

        assertThat(item.getText()).isEqualTo("Trace syscalls of nginx (4242)");
        assertThat(asked).singleElement().satisfies(t -> assertThat(t.syscalls().pids()).containsExactly(4242));
        assertThat(vm.targetsProperty().get().of("").syscalls().pids()).containsExactly(4242);
    }

    @Test
    void aFlameGraphProcessFrameProfilesOnlyThatProcessAndTheAllFrameOffersNothing(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flame_graph");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> vm.flameGraph().treeProperty().get().totalSamples() == 5).get());
        WaitForAsyncUtils.waitForFxEvents();
        Node canvas = robot.lookup("#flame-canvas").query();
        Bounds local = canvas.getBoundsInLocal();
        double rowHeight = 18;
        // One process: its frame spans the width of the row above "all", which is at the bottom.
        Point2D allFrame = new Point2D(local.getCenterX(), local.getMaxY() - rowHeight / 2);
        Point2D codeFrame = new Point2D(local.getCenterX(), local.getMaxY() - 2.5 * rowHeight);

        rightClick(robot, canvas, allFrame);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(TraceMenus.menuOf(canvas).orElseThrow().isShowing()).as("\"all\" names no process: no menu").isFalse();

        rightClick(robot, canvas, codeFrame);
        MenuItem item = chooseFromTraceMenu(robot, canvas, "profile-only");

        assertThat(item.getText()).isEqualTo("Profile only nginx (4242)");
        assertThat(asked).singleElement().satisfies(t -> assertThat(t.profile().pids()).containsExactly(4242));
        assertThat(vm.targetsProperty().get().of("").profile().wholeNode()).isFalse();
    }

    @Test
    void inAClusterTheMenusAndThePickerSayOnWhichNodeATargetIs(FxRobot robot) {
        List<String> texts = new ArrayList<>();
        boolean[] nodeListShown = new boolean[2];
        robot.interact(() -> {
            try (WorkbenchViewModel cluster = new WorkbenchViewModel(store, new CaptureSource(true, "kind · 2 nodes", ""),
                    EndpointNamer.ADDRESSES_ONLY, Platform::runLater)) {
                TargetPickerModel picker = new TargetPickerModel(cluster.traceActions(), cluster.targetsProperty(),
                        cluster.retargetableProperty());
                TargetPicker view = new TargetPicker(new Label("page"), picker, cluster.targetDoneProperty(),
                        cluster.targetProblemProperty());
                cluster.useRetargeter((sensor, next, done, failed) -> { }, TargetsByNode.cluster(2));
                picker.open();
                nodeListShown[0] = view.lookup("#trace-whole-node-on").isVisible();
                cluster.traceActions().profileOnly(TaskChoice.process("worker-1", 77, "postgres"));
                TraceMenus.items(cluster.traceActions(), List.of(TaskChoice.process("worker-1", 4242, "nginx")), List.of())
                        .forEach(item -> texts.add(item.getText()));
                texts.add(((Label) view.lookup("#trace-current")).getText());
            }
            TargetPickerModel singlePicker = new TargetPickerModel(vm.traceActions(), vm.targetsProperty(),
                    vm.retargetableProperty());
            TargetPicker single = new TargetPicker(new Label("page"), singlePicker, vm.targetDoneProperty(),
                    vm.targetProblemProperty());
            singlePicker.open();
            nodeListShown[1] = single.lookup("#trace-whole-node-on").isVisible();
            singlePicker.close();
        });

        assertThat(texts).containsExactly("Trace syscalls of nginx (4242) on worker-1",
                "Profile only nginx (4242) on worker-1", "Profile the whole node on worker-1 again",
                "Traced: worker-1: no syscalls traced · CPU profile of postgres (77); other nodes: no syscalls traced"
                        + " · CPU profile of the whole node");
        assertThat(nodeListShown).as("which node \"whole node\" means: asked in a cluster only").containsExactly(true,
                false);
    }

    /**
     * A right-click at {@code at} (in {@code target}'s coordinates) as the windowing system reports
     * it: Monocle's headless robot sends the button, not the context-menu request a desktop makes of it.
     */
    public static void rightClick(FxRobot robot, Node target, Point2D at) {
        robot.interact(() -> {
            Point2D scene = target.localToScene(at);
            Point2D screen = target.localToScreen(at);
            Event.fireEvent(target, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, scene.getX(),
                    scene.getY(), screen.getX(), screen.getY(), false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits for the trace menu a right-click opened on {@code owner} and fires its item with {@code id}. */
    private static MenuItem chooseFromTraceMenu(FxRobot robot, Node owner, String id) throws Exception {
        ContextMenu menu = TraceMenus.menuOf(owner).orElseThrow();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, menu::isShowing);
        MenuItem item = menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in "
                        + menu.getItems().stream().map(MenuItem::getText).toList()));
        robot.interact(() -> {
            item.fire();
            menu.hide();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return item;
    }

    /**
     * Opens the table's context menu on its selected row and fires the item with {@code id}, as a
     * click on it would (headless, the popup's nodes are not looked up).
     */
    public static MenuItem openMenuItem(FxRobot robot, TableView<?> table, Node row, String id) {
        robot.clickOn(row);
        robot.interact(() -> table.getContextMenu().show(row, Side.BOTTOM, 0, 0));
        MenuItem item = table.getContextMenu().getItems().stream().filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + table.getContextMenu().getItems().stream()
                        .map(MenuItem::getText).toList()));
        robot.interact(() -> {
            item.fire();
            table.getContextMenu().hide();
        });
        return item;
    }
}
