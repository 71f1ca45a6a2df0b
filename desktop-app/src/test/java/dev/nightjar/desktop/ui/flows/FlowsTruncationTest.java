package dev.nightjar.desktop.ui.flows;

import static dev.nightjar.desktop.ui.workbench.WorkbenchWindow.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.util.TruncatedCell;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.testing.UiTest;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 14: the Flows page's Source and Destination cells hid the port (cut to "…") with no
 * tooltip. On the page itself: the columns size to their content, so a long IPv6 endpoint and its
 * port are drawn whole; a column the user narrows cuts the text and the cell's tooltip holds all of it.
 */
@UiTest
@ExtendWith(ApplicationExtension.class)
class FlowsTruncationTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private static final byte[] CLIENT = {(byte) 0xfd, 0, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc,
        (byte) 0xde, (byte) 0xf0, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc};
    private static final byte[] SERVER = {(byte) 0xfd, 0, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc,
        (byte) 0xde, (byte) 0xf0, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xcd};
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
        FiveTuple tuple = FiveTuple.newBuilder().setProtocol(L4Protocol.L4_PROTOCOL_TCP)
                .setSrcAddr(ByteString.copyFrom(CLIENT)).setSrcPort(46330)
                .setDstAddr(ByteString.copyFrom(SERVER)).setDstPort(9090).build();
        store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(1).setTimestampNs(T)
                .setFlow(FlowUpdate.newBuilder().setFlowId(1).setTuple(tuple).setVerdict(FlowVerdict.FLOW_VERDICT_CLOSED)
                        .setRole(FlowRole.FLOW_ROLE_CLIENT).setClosed(true).setBytesSent(10)
                        .setFirstSeenNs(T - 300).setLastSeenNs(T)).build());
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "v6.njcap", ""), EndpointNamer.ADDRESSES_ONLY,
                Platform::runLater);
        vm.pageProperty().set(WorkbenchPage.FLOWS);
        WorkbenchWindow.show(stage, vm, 1280, 720);
    }

    private static List<TruncatedCell<?, ?>> cellsShowing(FxRobot robot, String text) {
        return robot.lookup(".table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> text.equals(c.getText()) && c.isVisible() && c.getScene() != null)
                .<TruncatedCell<?, ?>>map(c -> c).toList();
    }

    @Test
    void theSourceAndItsPortAreDrawnWholeAndANarrowedColumnHasTheWholeTextAsTooltip(FxRobot robot) throws Exception {
        TableView<FlowRow> table = robot.lookup("#flows-table").queryTableView();
        await(() -> table.getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        String source = table.getItems().getFirst().source().label();
        String destination = table.getItems().getFirst().destination().label();
        assertThat(source).endsWith("46330");
        assertThat(destination).endsWith("9090");
        for (String text : List.of(source, destination)) {
            List<TruncatedCell<?, ?>> cells = cellsShowing(robot, text);
            assertThat(cells).as(text).isNotEmpty();
            assertThat(cells).as("columns sized to their content: %s is drawn whole", text)
                    .noneMatch(TruncatedCell::isTruncated);
        }

        TableColumn<FlowRow, ?> sourceColumn = table.getColumns().stream()
                .filter(c -> "Source".equals(c.getText())).findFirst().orElseThrow();
        robot.interact(() -> table.resizeColumn(sourceColumn, 60 - sourceColumn.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sourceColumn.getWidth()).isLessThan(100);
        TruncatedCell<?, ?> cut = cellsShowing(robot, source).getFirst();
        assertThat(cut.isTruncated()).as("a narrowed Source column cuts the text").isTrue();
        assertThat(cut.getTooltip().getText()).as("and the tooltip has all of it, port included").isEqualTo(source);
    }
}
