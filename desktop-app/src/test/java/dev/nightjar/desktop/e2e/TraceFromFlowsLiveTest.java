package dev.nightjar.desktop.e2e;

import static dev.nightjar.desktop.e2e.LiveShell.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.desktop.targets.TraceCandidates;
import dev.nightjar.desktop.ui.workbench.Screenshots;
import dev.nightjar.desktop.ui.workbench.TracingViewTest;
import dev.nightjar.desktop.ui.workbench.WorkbenchPage;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.UiTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The whole way a user goes to see a process's slow syscalls, on the real sensor: the app
 * connects to {@code nightjar-sensor.jar serve} over gRPC (which traces no syscalls yet), the
 * Syscalls page's picker lists a perl process the sensor saw start, the Flows page shows the
 * connection it made, that row's "Trace syscalls of perl (pid)" asks the sensor again, and the
 * Syscalls page fills with that process's 20 ms waits. With {@code -Dnightjar.screenshots=DIR}
 * it also writes the picker and the traced page there.
 */
@ExtendWith(ApplicationExtension.class)
@KernelTest
@UiTest
class TraceFromFlowsLiveTest {

    /** The workload: one loopback connection, then 20 ms waits in select(2) for at most 60 s. */
    private static final String WORKLOAD = "use IO::Socket::INET;"
            + " my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0]) or die $!;"
            + " print $s 'x'; close $s;"
            + " select(undef, undef, undef, 0.02) for 1..3000;";

    private final LiveShell live = new LiveShell();
    private Process perl;

    @Start
    void start(Stage stage) {
        stage.setScene(live.scene());
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) throws Exception {
        if (perl != null) {
            perl.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        live.close(robot);
    }

    @Test
    void aProcessChosenFromTheFlowsContextMenuHasItsSlowCallsOnTheSyscallsPage(FxRobot robot, @TempDir Path dir)
            throws Exception {
        WorkbenchViewModel vm = live.connect(robot, dir);
        assertThat(vm.syscalls().emptyHintProperty().get()).contains("No syscalls are traced yet");

        int serverPort;
        long pid;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serverPort = server.getLocalPort();
            perl = new ProcessBuilder("perl", "-e", WORKLOAD, String.valueOf(serverPort))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("perl.log").toFile()).start();
            pid = perl.pid();
            server.setSoTimeout(30_000);
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }

        // The Syscalls page's picker lists the process the sensor saw start.
        robot.clickOn("#nav-syscalls");
        robot.clickOn("#trace-choose");
        robot.clickOn("#trace-search").write("perl");
        ListView<TraceCandidates.Candidate> candidates = robot.lookup("#trace-candidates").queryListView();
        waitFor(30, "perl in the picker", () -> candidates.getItems().stream()
                .anyMatch(c -> c.choice().pids().contains((int) pid)));
        Screenshots.save(robot.window(0).getScene(), "syscalls-target-picker.png");
        robot.clickOn("#trace-close");

        robot.clickOn("#nav-flows");
        robot.interact(() -> vm.flows().filterTextProperty().set("to-port=" + serverPort));
        TableView<FlowRow> flows = robot.lookup("#flows-table").queryTableView();
        waitFor(30, "perl's flow to port " + serverPort, () -> flows.getItems().stream().anyMatch(r -> r.pid() == pid));
        FlowRow row = flows.getItems().stream().filter(r -> r.pid() == pid).findFirst().orElseThrow();
        Node rowNode = robot.lookup(".table-row-cell").match(n -> ((TableRow<?>) n).getItem() == row).query();
        MenuItem item = TracingViewTest.openMenuItem(robot, flows, rowNode, "trace-process");
        assertThat(item.getText()).isEqualTo("Trace syscalls of " + row.comm() + " (" + pid + ")");

        waitFor(10, "the Syscalls page", () -> vm.pageProperty().get() == WorkbenchPage.SYSCALLS);
        assertThat(robot.lookup("#trace-current").queryAs(Label.class).getText())
                .contains("syscalls of " + row.comm() + " (" + pid + ")");
        TableView<TimelineSpan> slowest = robot.lookup("#syscall-slowest").queryTableView();
        waitFor(60, "perl's slow calls on the Syscalls page", () -> slowest.getItems().stream()
                .anyMatch(span -> span.pid() == pid && span.durationNs() >= 15_000_000L));
        List<TimelineSpan> shown = List.copyOf(slowest.getItems());
        assertThat(shown).as("only the chosen process is traced").allMatch(span -> span.pid() == pid);
        assertThat(robot.lookup("#trace-problem").queryAs(Label.class).getText()).isEmpty();
        Screenshots.save(robot.window(0).getScene(), "syscalls-traced-process.png");
    }
}
