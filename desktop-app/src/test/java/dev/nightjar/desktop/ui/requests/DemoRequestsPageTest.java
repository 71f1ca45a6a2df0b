package dev.nightjar.desktop.ui.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.ui.servicemap.ServiceMapView;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.shell.ShellViewModel;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.util.TruncatedCell;
import dev.nightjar.desktop.ui.workbench.Screenshots;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.desktop.ui.workbench.WorkbenchWindow;
import dev.nightjar.testing.UiTest;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 16's test, offline: the app opens the demo capture it ships (the shop lab recorded by the
 * real sensor) as a user does from the welcome screen; the Requests page shows cart's 500s in
 * red, the {@code http-status=5xx} filter typed into it leaves exactly them, the service map's
 * frontend → cart edge shows their error rate, and clicking that edge filters the Requests page
 * to it. With {@code -Dnightjar.screenshots=DIR} it writes the README's Requests and Service map
 * screenshots there.
 */
@ExtendWith(ApplicationExtension.class)
@UiTest
class DemoRequestsPageTest {

    private static final String CART_EDGE = "shop/frontend → shop/cart · http";
    /** "HTTP 5.5/s · 8.7% err · p99 …": the error rate written on an edge. */
    private static final Pattern ERROR_RATE = Pattern.compile("^HTTP [0-9.]+/s · ([0-9.]+)% err · p99 ");

    private final ShellViewModel shell = new ShellViewModel(BackgroundTasks.withDaemonWorkers(Platform::runLater),
            Platform::runLater, StoreLimits.defaults());

    @Start
    void start(Stage stage) {
        WorkbenchWindow.show(stage, new ShellView(shell), 1280, 800);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(shell::close);
    }

    @Test
    void theDemosFiveHundredsAreOnTheRequestsPageAndTheServiceMapsEdgeLeadsToThem(FxRobot robot) throws Exception {
        robot.interact(shell::openDemo);
        waitFor(() -> shell.workbenchProperty().get() != null);
        WorkbenchViewModel vm = shell.workbenchProperty().get();

        robot.clickOn("#nav-requests");
        // Lookups on the FX thread: the pages build and refresh while the test runs.
        waitFor(() -> robot.lookup("#requests-table").tryQuery().isPresent());
        TableView<RequestRow> table = onFx(() -> robot.lookup("#requests-table").queryTableView());
        waitFor(() -> !table.getItems().isEmpty() && !RequestsTableCells.failed(robot).isEmpty());
        List<RequestRow> all = onFx(() -> List.copyOf(table.getItems()));
        List<RequestRow> fiveHundreds = all.stream().filter(r -> r.httpStatus() == 500).toList();
        assertThat(fiveHundreds).as("cart's failed checkouts on the page").isNotEmpty().allSatisfy(r ->
                assertThat(r.method() + " " + r.target()).isEqualTo("POST /checkout"));
        assertThat(all).extracting(RequestRow::status).as("the other protocols' failures")
                .contains("UNAVAILABLE", "NXDOMAIN", "23505");
        assertThat(onFx(() -> RequestsTableCells.failed(robot))).extracting(Labeled::getText).as("failures in red")
                .isSubsetOf("500", "UNAVAILABLE", "NXDOMAIN", "23505");
        // "501.2…" read as 501 ms beside a p90 of 10.6 ms: a figure cut before its unit misleads.
        waitFor(() -> !figureCells(robot).isEmpty());
        assertThat(onFx(() -> figureCells(robot))).as("the RED summary's figures are drawn whole, units included")
                .noneMatch(TruncatedCell::isTruncated);
        Screenshots.save(table.getScene(), "requests-page.png");

        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        robot.write("http-status=5xx");
        waitFor(() -> table.getItems().size() == fiveHundreds.size()
                && table.getItems().stream().allMatch(r -> r.httpStatus() == 500));
        assertThat(onFx(() -> List.copyOf(table.getItems()))).as("exactly the 500s")
                .containsExactlyInAnyOrderElementsOf(fiveHundreds);
        assertThat(onFx(() -> RequestsTableCells.failed(robot))).isNotEmpty().extracting(Labeled::getText)
                .containsOnly("500");
        robot.interact(() -> table.getSelectionModel().select(0));
        assertThat(onFx(() -> robot.lookup("#requests-detail").queryAs(TextArea.class).getText()))
                .contains("Status:      500 (failed)").contains("frontend-").contains("cart-");
        Screenshots.save(table.getScene(), "requests-page-5xx.png");

        robot.clickOn("#nav-service_map");
        waitFor(() -> robot.lookup(".service-map").tryQuery().isPresent());
        ServiceMapView map = onFx(() -> robot.lookup(".service-map").queryAs(ServiceMapView.class));
        waitFor(() -> map.edgeLabel(CART_EDGE) != null);
        MapEdge edge = onFx(() -> vm.serviceMap().mapProperty().get().edges().stream()
                .filter(e -> e.key().equals(CART_EDGE)).findFirst().orElseThrow());
        Label cart = onFx(() -> map.edgeLabel(CART_EDGE));
        Matcher rate = ERROR_RATE.matcher(onFx(cart::getText));
        assertThat(rate.find()).as("the edge's label: %s", cart.getText()).isTrue();
        assertThat(Double.parseDouble(rate.group(1))).as("its error rate, as the map computed it")
                .isPositive().isCloseTo(edge.errorPercent(), Offset.offset(0.051));
        assertThat(onFx(() -> List.copyOf(cart.getStyleClass()))).as("coloured by health").containsAnyOf("health-failing", "health-degraded");
        // The demo's map is wider than the window: the README shows all of it, as Fit does.
        robot.clickOn("#service-map-fit");
        waitFor(() -> vm.serviceMap().zoomProperty().get() < 1);
        Screenshots.save(cart.getScene(), "service-map.png");

        robot.clickOn(cart);
        waitFor(() -> vm.pageProperty().get() == WorkbenchPage.REQUESTS);
        assertThat(vm.requests().filterTextProperty().get())
                .isEqualTo("from-workload=shop/frontend to-workload=shop/cart protocol=http");
        waitFor(() -> table.getItems().containsAll(fiveHundreds) && table.getItems().size() > fiveHundreds.size());
        assertThat(onFx(() -> List.copyOf(table.getItems()))).allSatisfy(r -> {
            assertThat(r.protocol()).isEqualTo("http");
            assertThat(r.source().workload() + " → " + r.destination().workload()).isEqualTo("frontend → cart");
        });
        assertThat(onFx(vm.requests().filterErrorProperty()::get)).isEmpty();
    }

    /** The RED summary's cells that show a figure (every column but the route and protocol). */
    private static List<TruncatedCell<?, ?>> figureCells(FxRobot robot) {
        return robot.lookup("#requests-red .table-cell").queryAllAs(TruncatedCell.class).stream()
                .filter(c -> c.getTableColumn() != null && c.getTableColumn().getTableView() != null
                        && c.getTableColumn().getTableView().getColumns().indexOf(c.getTableColumn()) >= 2
                        && c.getText() != null && !c.getText().isEmpty() && c.isVisible())
                .<TruncatedCell<?, ?>>map(c -> c).toList();
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    /** At most 30 s (the demo is read in the background, the pages refresh on their own thread). */
    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
