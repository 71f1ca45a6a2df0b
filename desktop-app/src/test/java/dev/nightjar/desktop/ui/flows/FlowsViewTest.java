package dev.nightjar.desktop.ui.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.testing.UiTest;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Flows page on a real stage: the verdict column, the grouped view, copying, and the way to a flow's drops. */
@ExtendWith(ApplicationExtension.class)
@UiTest
class FlowsViewTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 4));
    private WorkbenchViewModel vm;
    private long seq;

    private static FiveTuple tcp(int sport, int b, int dport) {
        return FiveTuple.newBuilder().setProtocol(L4Protocol.L4_PROTOCOL_TCP)
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 77, 0, 10})).setSrcPort(sport)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 77, 0, (byte) b})).setDstPort(dport).build();
    }

    private void flow(long id, FiveTuple tuple, FlowVerdict verdict, long at, long bytes) {
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(seq++).setTimestampNs(at)
                .setFlow(FlowUpdate.newBuilder().setFlowId(id).setTuple(tuple).setVerdict(verdict)
                        .setRole(FlowRole.FLOW_ROLE_CLIENT).setClosed(true).setBytesSent(bytes)
                        .setFirstSeenNs(at - 300).setLastSeenNs(at)).build());
    }

    @Start
    void start(Stage stage) {
        flow(1, tcp(46330, 12, 9090), FlowVerdict.FLOW_VERDICT_TIMED_OUT, T + 300, 0);
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(seq++).setTimestampNs(T + 400)
                .setDrop(DropEvent.newBuilder().setReasonName("NETFILTER_DROP").setCount(1)
                        .setTuple(tcp(46330, 12, 9090)).setFirstSeenNs(T + 10).setLastSeenNs(T + 10)).build());
        flow(2, tcp(46400, 11, 8080), FlowVerdict.FLOW_VERDICT_CLOSED, T + 200, 500);
        flow(3, tcp(46401, 11, 8080), FlowVerdict.FLOW_VERDICT_CLOSED, T + 100, 700);
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "t.njcap", ""), EndpointNamer.ADDRESSES_ONLY,
                Platform::runLater);
        WorkbenchWindow.show(stage, vm, 1280, 720);
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        FutureTask<T> task = new FutureTask<>(call);
        Platform.runLater(task);
        return task.get();
    }

    /** The one visible cell in the failed state (a pseudo-class: lookups match style classes only). */
    private static javafx.scene.control.TableCell<?, ?> failedVerdictCell(FxRobot robot) {
        return robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .filter(c -> c.getPseudoClassStates().contains(dev.nightjar.desktop.ui.util.VerdictCell.FAILED)).findFirst().orElseThrow();
    }

    @Test
    void theTableSaysTheVerdictGroupsCopiesAndLeadsToTheDropsOfAFlow(FxRobot robot) throws Exception {
        robot.clickOn("#nav-flows");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#flows-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(3);
        assertThat(failedVerdictCell(robot).getText())
                .isEqualTo("DROPPED (NETFILTER_DROP)");

        robot.clickOn("#flows-grouped");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> groups = robot.lookup("#flows-groups").queryAs(TableView.class);
        assertThat(groups.isVisible()).isTrue();
        assertThat(groups.getItems()).hasSize(2);
        robot.clickOn("#flows-grouped");
        WaitForAsyncUtils.waitForFxEvents();

        Node dropped = failedVerdictCell(robot);
        robot.clickOn(dropped);
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> Clipboard.getSystemClipboard().getString()))
                .contains("10.77.0.10:46330 -> 10.77.0.12:9090 DROPPED (NETFILTER_DROP) TCP");

        // The table's context menu item, fired as a click on it would (headless, the popup is not looked up).
        onFx(() -> {
            table.getContextMenu().getItems().stream().filter(i -> "flows-show-drops".equals(i.getId()))
                    .findFirst().orElseThrow().fire();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> vm.pageProperty().get())).isEqualTo(WorkbenchPage.DROPS);
        assertThat(robot.lookup("#drop-focus").queryAs(Label.class).getText())
                .isEqualTo("Showing the drops of one flow: 10.77.0.10:46330 → 10.77.0.12:9090");
        assertThat(robot.lookup("#drop-tuples").queryAs(TableView.class).getItems()).hasSize(1);
    }
}
