package dev.nightjar.desktop.ui.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.bundle.BundleImport;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.testing.RequestFixtures;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import dev.nightjar.desktop.ui.workbench.CaptureSource;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import dev.nightjar.testing.UiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Requests page on a real stage, with requests replayed from a bundle written by the real
 * writer and the app's background refresh thread: a 500 is on the page, and the
 * {@code http-status=5xx} filter leaves exactly it.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class RequestsViewTest {

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("requests-view");
        CaptureStore store = new CaptureStore(StoreLimits.defaults());
        BundleImport.into(RequestFixtures.bundle(dir.resolve("requests.njcap")), store);
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "requests.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, ViewExecutors.withRefreshThread(Platform::runLater));
        WorkbenchWindow.show(stage, vm, 1280, 720);
    }

    @AfterEach
    void close() {
        Platform.runLater(() -> vm.close());
    }

    @Test
    void aFailingRequestIsOnThePageAndTheFiveHundredsFilterShowsExactlyIt(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).as("Ctrl+6").isEqualTo(WorkbenchPage.REQUESTS);
        TableView<?> table = robot.lookup("#requests-table").queryAs(TableView.class);
        WorkbenchWindow.await(() -> table.getItems().size() == 6 && RequestsTableCells.failed(robot).size() == 3);
        assertThat(RequestsTableCells.failed(robot))
                .extracting(javafx.scene.control.Labeled::getText).as("failed statuses, in red")
                .containsExactlyInAnyOrder("500", "UNAVAILABLE", "NXDOMAIN");
        // Every summary line's histogram: 80 in bucket 20, 15 in 23, 10 in 25, 5 in 27 (RedSummaryTest's math).
        LatencyChart chart = robot.lookup("#requests-latency-chart").queryAs(LatencyChart.class);
        assertThat(chart.labels()).first().isEqualTo("p50 1.8 ms · p90 47.0 ms · p99 238.9 ms · 110 requests");

        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        robot.write("http-status=5xx");
        WorkbenchWindow.await(() -> table.getItems().size() == 1);
        RequestRow only = (RequestRow) table.getItems().getFirst();
        assertThat(only.status()).isEqualTo("500");
        assertThat(only.method() + " " + only.target()).isEqualTo("POST /api/checkout?cart=?");
        assertThat(robot.lookup("#requests-count").queryAs(Label.class).getText()).isEqualTo("1 of 6 requests");

        robot.interact(() -> table.getSelectionModel().select(0));
        assertThat(robot.lookup("#requests-detail").queryAs(TextArea.class).getText())
                .contains("Status:      500 (failed)")
                .contains("From:        10.0.1.10:40003")
                .contains("To:          10.0.2.20:8080")
                .contains("Flow:        id 40003, from-ip=10.0.1.10 from-port=40003 to-ip=10.0.2.20 to-port=8080 proto=tcp");

        robot.clickOn("#requests-detail-flow");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).as("Show its flow").isEqualTo(WorkbenchPage.FLOWS);
        assertThat(vm.flows().filterTextProperty().get())
                .isEqualTo("from-ip=10.0.1.10 from-port=40003 to-ip=10.0.2.20 to-port=8080 proto=tcp");

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        robot.type(KeyCode.ESCAPE);
        WorkbenchWindow.await(() -> table.getItems().size() == 6);
    }
}
