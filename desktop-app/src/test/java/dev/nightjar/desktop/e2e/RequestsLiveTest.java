package dev.nightjar.desktop.e2e;

import static dev.nightjar.desktop.e2e.LiveShell.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.servicemap.Health;
import dev.nightjar.desktop.servicemap.MapEdge;
import dev.nightjar.desktop.ui.servicemap.ServiceMapView;
import dev.nightjar.desktop.ui.workbench.Screenshots;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.LabHttpServer;
import dev.nightjar.testing.UiTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Requests page on the real sensor: the app connected to {@code nightjar-sensor.jar serve}
 * over gRPC, a lab HTTP server ({@link LabHttpServer}) answering 200 on /ok and 500 on /fail on
 * loopback, curl asking it over one keep-alive connection; the page shows the 500s, each once
 * (client and server share the node), and the filter {@code http-status=5xx} leaves exactly them;
 * the service map's edge of that traffic carries the failures, and its filter shows them again.
 * With {@code -Dnightjar.screenshots=DIR} it also writes the page there.
 */
@ExtendWith(ApplicationExtension.class)
@KernelTest
@UiTest
class RequestsLiveTest {

    private final LiveShell live = new LiveShell();
    private LabHttpServer server;

    @Start
    void start(Stage stage) {
        stage.setScene(live.scene());
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) throws Exception {
        if (server != null) {
            server.close();
        }
        live.close(robot);
    }

    @Test
    void aFiveHundredFromTheLabIsOnTheRequestsPageAndTheFiveXxFilterShowsExactlyThem(FxRobot robot, @TempDir Path dir)
            throws Exception {
        WorkbenchViewModel vm = live.connect(robot, dir);
        server = LabHttpServer.start(dir, 120);
        int port = server.port();
        Thread.sleep(2_000); // the sensor announces the new process's sockets to its capture
        server.curl(dir, "/ok", "/fail", "/ok", "/ok", "/fail", "/ok");

        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.REQUESTS));
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor(30, "the lab's 500s on the Requests page", () -> table.getItems().stream()
                .filter(r -> r.request().getTuple().getDstPort() == port && r.request().getHttp().getStatus() == 500)
                .count() >= 2);

        robot.interact(() -> vm.requests().filterTextProperty().set("http-status=5xx"));
        waitFor(15, "the filter applied", () -> !table.getItems().isEmpty()
                && table.getItems().stream().allMatch(r -> r.request().getHttp().getStatus() >= 500));
        assertThat(vm.requests().filterErrorProperty().get()).isEmpty();
        List<RequestRow> shown = WaitForAsyncUtils.asyncFx(() -> List.copyOf(table.getItems())).get(10, TimeUnit.SECONDS);
        assertThat(shown.stream().filter(r -> r.request().getTuple().getDstPort() == port))
                .as("exactly the lab's failing requests, each once").hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.request().getHttp().getPath()).isEqualTo("/fail");
                    assertThat(r.request().getHttp().getMethod()).isEqualTo("GET");
                    assertThat(r.request().getError()).isTrue();
                    assertThat(r.request().getPid()).isEqualTo(server.pid());
                });
        Screenshots.save(robot.window(0).getScene(), "requests-live-5xx.png");

        // The service map: the lab's edge (curl and the server both on loopback) carries its errors,
        // and its requests filter brings the 500s back on the Requests page.
        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.SERVICE_MAP));
        ServiceMapView map = robot.lookup(".service-map").queryAs(ServiceMapView.class);
        String key = "127.0.0.1 → 127.0.0.1 · http";
        waitFor(30, "the lab's edge on the service map, with its failures", () -> labEdge(vm, key)
                .filter(e -> e.stats().errors() >= 2 && map.edgeLabel(key) != null).isPresent());
        MapEdge edge = labEdge(vm, key).orElseThrow();
        String text = WaitForAsyncUtils.asyncFx(() -> map.edgeLabel(key).getText()).get(10, TimeUnit.SECONDS);
        assertThat(text).as("its figures on its label").startsWith("HTTP ")
                .containsAnyOf("% err", "failed");
        assertThat(edge.health()).as("failures on an edge are never ok").isNotEqualTo(Health.OK);
        Screenshots.save(robot.window(0).getScene(), "service-map-live.png");

        robot.interact(() -> vm.serviceMap().showRequests(edge));
        assertThat(vm.pageProperty().get()).isEqualTo(WorkbenchPage.REQUESTS);
        assertThat(vm.requests().filterTextProperty().get()).isEqualTo("from-ip=127.0.0.1 to-ip=127.0.0.1 protocol=http");
        waitFor(15, "the edge's requests, the lab's 500s among them", () -> table.getItems().stream()
                .filter(r -> r.request().getTuple().getDstPort() == port && r.request().getHttp().getStatus() == 500)
                .count() == 2 && table.getItems().stream().allMatch(r -> r.protocol().equals("http")));
    }

    private static java.util.Optional<MapEdge> labEdge(WorkbenchViewModel vm, String key) {
        return vm.serviceMap().mapProperty().get().edges().stream().filter(e -> e.key().equals(key)).findFirst();
    }
}
