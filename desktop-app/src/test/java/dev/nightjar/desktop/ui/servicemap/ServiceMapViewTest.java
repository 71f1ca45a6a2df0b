package dev.nightjar.desktop.ui.servicemap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
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
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
 * The Service map page on a real stage, from a bundle written by the real writer, refreshed on the
 * app's background thread and laid out by ELK: the edge to the cart, which answered a 500 (10 of
 * its 110 exchanges failed in the stats), shows its error rate in red, and clicking it shows its
 * requests on the Requests page.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class ServiceMapViewTest {

    private static final String CART_EDGE = "10.0.1.10 → 10.0.2.20 · http";
    private static final String DNS_EDGE = "10.0.1.10 → 10.96.0.10 · dns";

    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        CaptureStore store = RequestFixtures.replayed(Files.createTempDirectory("service-map-view"));
        vm = new WorkbenchViewModel(store, new CaptureSource(false, "requests.njcap", ""),
                EndpointNamer.ADDRESSES_ONLY, ViewExecutors.withRefreshThread(Platform::runLater));
        WorkbenchWindow.show(stage, vm, 1280, 720);
    }

    @AfterEach
    void close() {
        Platform.runLater(() -> vm.close());
    }

    @Test
    void theEdgeToTheFailingServiceShowsItsErrorRateAndClickingItFiltersTheRequestsPage(FxRobot robot)
            throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT8).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).as("Ctrl+8").isEqualTo(WorkbenchPage.SERVICE_MAP);
        ServiceMapView view = robot.lookup(".service-map").queryAs(ServiceMapView.class);
        WorkbenchWindow.await(() -> view.edgeLabel(CART_EDGE) != null && view.edgeLabel(DNS_EDGE) != null);

        Label cart = view.edgeLabel(CART_EDGE);
        // 110 exchanges in one second, 10 failed; p99 238.9 ms (ServiceMapBuilderTest works it out).
        assertThat(cart.getText()).isEqualTo("HTTP 110/s · 9.1% err · p99 238.9 ms");
        assertThat(cart.getStyleClass()).contains("health-failing");
        assertThat(view.edgeLabel(DNS_EDGE).getText()).isEqualTo("DNS · 1 sampled, 1 failed\n1 NXDOMAIN");
        assertThat(view.edgeLabel(DNS_EDGE).getStyleClass()).contains("health-degraded");
        assertThat(robot.lookup("#service-map-summary").queryAs(Label.class).getText())
                .isEqualTo("5 workloads, 4 edges · rates over 1.0 s of request stats");
        assertThat(cart.localToScene(cart.getBoundsInLocal()).getMaxX()).as("drawn inside the window")
                .isLessThan(cart.getScene().getWidth());

        // Zoom: + draws the map a quarter larger, Fit brings the whole map into the window, 100 % back.
        double width = cart.localToScene(cart.getBoundsInLocal()).getWidth();
        robot.clickOn("#service-map-zoom-in");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#service-map-zoom").queryButton().getText()).isEqualTo("125 %");
        assertThat(cart.localToScene(cart.getBoundsInLocal()).getWidth()).isCloseTo(width * 1.25,
                org.assertj.core.data.Offset.offset(0.5));
        robot.clickOn("#service-map-fit");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ScrollPane scroll = robot.lookup("#service-map-scroll").queryAs(javafx.scene.control.ScrollPane.class);
        assertThat(scroll.getContent().getBoundsInParent().getWidth()).as("the whole map in the window")
                .isLessThanOrEqualTo(scroll.getViewportBounds().getWidth() + 0.5);
        robot.clickOn("#service-map-zoom");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cart.localToScene(cart.getBoundsInLocal()).getWidth()).isCloseTo(width,
                org.assertj.core.data.Offset.offset(0.5));

        robot.clickOn(cart);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.pageProperty().get()).as("clicking the edge").isEqualTo(WorkbenchPage.REQUESTS);
        assertThat(vm.requests().filterTextProperty().get())
                .isEqualTo("from-ip=10.0.1.10 to-ip=10.0.2.20 protocol=http");
        TableView<?> table = robot.lookup("#requests-table").queryAs(TableView.class);
        WorkbenchWindow.await(() -> table.getItems().size() == 3);
        assertThat(table.getItems()).extracting(r -> ((RequestRow) r).status())
                .containsExactlyInAnyOrder("200", "404", "500");
    }
}
