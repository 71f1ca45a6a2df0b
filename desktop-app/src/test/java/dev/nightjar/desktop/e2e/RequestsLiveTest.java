package dev.nightjar.desktop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.requests.RequestRow;
import dev.nightjar.desktop.stream.LocalSensor;
import dev.nightjar.desktop.ui.shell.ShellView;
import dev.nightjar.desktop.ui.shell.ShellViewModel;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.ConnectionState;
import dev.nightjar.desktop.ui.workbench.Screenshots;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import dev.nightjar.testing.UiTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
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
 * The Requests page on the real sensor: the app connects to {@code nightjar-sensor.jar serve}
 * over gRPC, a lab HTTP server (Debian's python3) answers 200 on /ok and 500 on /fail on
 * loopback, curl asks it over one keep-alive connection, and the page shows the 500s, which the
 * filter {@code http-status=5xx} leaves alone on the page. With {@code -Dnightjar.screenshots=DIR}
 * it also writes the page there.
 */
@ExtendWith(ApplicationExtension.class)
@KernelTest
@UiTest
class RequestsLiveTest {

    /** 200 on /ok, 500 on /fail; exits after 120 s whatever happens. */
    private static final String SERVER = """
            import http.server, sys, threading, os
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'
                def do_GET(self):
                    code = 200 if self.path == '/ok' else 500
                    body = b'{"ok": true}' if code == 200 else b'{"error": "boom"}'
                    self.send_response(code)
                    self.send_header('Content-Type', 'application/json')
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            s = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H)
            threading.Timer(120, lambda: os._exit(0)).start()
            s.serve_forever()
            """;

    private final ShellViewModel shell = new ShellViewModel(BackgroundTasks.withDaemonWorkers(Platform::runLater),
            Platform::runLater, StoreLimits.defaults());
    private LocalSensor sensor;
    private Process server;

    @Start
    void start(Stage stage) {
        Scene scene = new Scene(new ShellView(shell), 1280, 800);
        ShellView.applyStyles(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        robot.interact(shell::close);
        if (sensor != null) {
            sensor.close();
        }
    }

    @Test
    void aFiveHundredFromTheLabIsOnTheRequestsPageAndTheFiveXxFilterShowsExactlyThem(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        sensor = LocalSensor.start(Requires.sensorJar(), Path.of(System.getProperty("java.home")));
        Path tokenFile = Files.createFile(dir.resolve("token"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, sensor.token());
        robot.interact(() -> shell.connectToSensor(sensor.address(), tokenFile));
        waitFor(60, "the session to stream", () -> workbench() != null
                && workbench().stateProperty().get() == ConnectionState.LIVE);
        WorkbenchViewModel vm = workbench();

        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path script = Files.writeString(dir.resolve("server.py"), SERVER);
        server = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        awaitListening(port);
        Thread.sleep(2_000); // the sensor announces the new process's sockets to its capture
        List<String> curl = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "10"));
        for (String path : List.of("/ok", "/fail", "/ok", "/ok", "/fail", "/ok")) {
            curl.add("http://127.0.0.1:" + port + path);
        }
        Process client = new ProcessBuilder(curl).redirectErrorStream(true)
                .redirectOutput(dir.resolve("curl.log").toFile()).start();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as("curl; see curl.log").isZero();

        robot.interact(() -> vm.pageProperty().set(WorkbenchPage.REQUESTS));
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor(30, "the lab's 500s on the Requests page", () -> failures(table.getItems(), port) == 2);

        robot.interact(() -> vm.requests().filterTextProperty().set("http-status=5xx"));
        waitFor(15, "the filter applied", () -> !table.getItems().isEmpty()
                && table.getItems().stream().allMatch(r -> r.request().getHttp().getStatus() >= 500));
        assertThat(vm.requests().filterErrorProperty().get()).isEmpty();
        List<RequestRow> shown = onFx(() -> List.copyOf(table.getItems()));
        assertThat(shown.stream().filter(r -> r.request().getTuple().getDstPort() == port))
                .as("exactly the lab's failing requests").hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.request().getHttp().getPath()).isEqualTo("/fail");
                    assertThat(r.request().getHttp().getMethod()).isEqualTo("GET");
                    assertThat(r.request().getError()).isTrue();
                });
        Screenshots.save(robot.window(0).getScene(), "requests-live-5xx.png");
    }

    private static long failures(List<RequestRow> rows, int port) {
        return rows.stream().filter(r -> r.request().getTuple().getDstPort() == port
                && r.request().getHttp().getStatus() == 500 && r.request().getPid() != 0).map(r -> r.request().getStartNs())
                .distinct().count();
    }

    private WorkbenchViewModel workbench() {
        return shell.workbenchProperty().get();
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the lab's HTTP server did not listen on " + port + " within 20 s");
    }

    private static void waitFor(int seconds, String what, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (TimeoutException e) {
            throw new TimeoutException("waited " + seconds + " s for " + what);
        }
    }
}
