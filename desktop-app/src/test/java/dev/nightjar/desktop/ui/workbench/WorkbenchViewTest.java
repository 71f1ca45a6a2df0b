package dev.nightjar.desktop.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.testing.UiTest;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@UiTest
class WorkbenchViewTest {

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1000, 8));

    @Start
    void start(Stage stage) {
        for (int i = 0; i < 6; i++) {
            FiveTuple tuple = FiveTuple.newBuilder()
                    .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40000 + i)
                    .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(i % 2 == 0 ? 8080 : 53)
                    .setProtocol(i % 2 == 0 ? L4Protocol.L4_PROTOCOL_TCP : L4Protocol.L4_PROTOCOL_UDP).build();
            store.accept(SensorEvent.newBuilder().setNode("worker-1").setSequence(i).setTimestampNs(1000 + i)
                    .setFlow(FlowUpdate.newBuilder().setFlowId(i).setTuple(tuple).setBytesSent(10)).build());
        }
        WorkbenchViewModel vm = new WorkbenchViewModel(store,
                new CaptureSource(false, "incident-4211.njcap", "Captured on cluster prod-eu at 2026-11-24 03:12 UTC"),
                EndpointNamer.ADDRESSES_ONLY, Platform::runLater);
        Scene scene = new Scene(new WorkbenchView(vm, () -> { }, () -> { }), 1280, 720);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void offlineCaptureShowsItsBannerAndTheFlowFilterNarrowsTheTable(FxRobot robot) {
        assertThat(robot.lookup("#session-title").queryAs(Label.class).getText()).isEqualTo("incident-4211.njcap");
        assertThat(robot.lookup("#offline-banner").queryAs(Label.class).getText()).contains("prod-eu");

        robot.clickOn("#nav-flows");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#flows-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(6);

        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("proto=udp");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(3);
    }
}
