package dev.nightjar.desktop.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.stream.SensorAddress;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import dev.nightjar.desktop.ui.workbench.ConnectionState;
import dev.nightjar.desktop.ui.workbench.WorkbenchViewModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: what the session bar's badge says about a sensor the user connects to, from the
 * shell's own wiring (stream states to badge states) over real loopback sockets: a refused
 * connection and a rejected token are not LIVE, a session is CONNECTING until events arrive,
 * the network library's own text does not reach the user, and the session's own stream is left
 * out of the top talkers. ({@link ScriptedSensorServer} speaks the sensor's gRPC service.)
 */
class ShellLiveBadgeTest {

    private static final String TOKEN = "s3cr3t-token";

    @TempDir
    Path dir;

    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
    private final List<ConnectionState> badges = new CopyOnWriteArrayList<>();
    private ShellViewModel shell;
    private ScriptedSensorServer server;

    @AfterEach
    void close() throws Exception {
        if (shell != null) {
            uiThread.submit(shell::close).get(20, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        uiThread.shutdownNow();
    }

    /** Connects the shell to a sensor address and records every badge its workbench shows, from the first. */
    private WorkbenchViewModel connect(int port) throws Exception {
        // The pages' shared refresh thread may still hand over a build after the test shut "ui" down.
        Executor ui = r -> {
            try {
                uiThread.execute(r);
            } catch (RejectedExecutionException testIsOver) {
                // nothing is looking any more
            }
        };
        shell = new ShellViewModel(BackgroundTasks.withDaemonWorkers(ui), ui, StoreLimits.uniform(10_000, 8));
        shell.workbenchProperty().addListener((obs, old, workbench) -> {
            if (workbench != null) {
                badges.add(workbench.stateProperty().get());
                workbench.stateProperty().addListener((o, was, now) -> badges.add(now));
            }
        });
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        uiThread.submit(() -> shell.connectToSensor(new SensorAddress("127.0.0.1", port), token)).get(10, TimeUnit.SECONDS);
        awaitOnUi(() -> shell.workbenchProperty().get() != null, "the sensor's workbench opens");
        return uiThread.submit(() -> shell.workbenchProperty().get()).get(10, TimeUnit.SECONDS);
    }

    private void awaitOnUi(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!uiThread.submit(condition::getAsBoolean).get(10, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime()).as(what + "; badges so far: " + badges).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aRefusedConnectionIsNotLiveAndIsSaidInWords() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WorkbenchViewModel workbench = connect(closedPort);
        awaitOnUi(() -> workbench.stateProperty().get() == ConnectionState.RECONNECTING, "RECONNECTING");
        assertThat(badges).first().as("before any answer").isEqualTo(ConnectionState.CONNECTING);
        assertThat(badges).doesNotContain(ConnectionState.LIVE);
        String line = uiThread.submit(() -> workbench.connectionProperty().get()).get(10, TimeUnit.SECONDS);
        assertThat(line).contains("nothing accepts connections there (connection refused)")
                .doesNotContain("finishConnect").doesNotContain("error(-");
        assertThat(workbench.flows().hidesSessionTraffic()).as("the session's own stream, on the Flows page").isTrue();
        assertThat(workbench.overview().hidesSessionTraffic()).as("and on the Overview").isTrue();
    }

    @Test
    void aRejectedTokenFailsAndIsNeverLive() throws Exception {
        server = new ScriptedSensorServer("another-token", "n", 5);
        WorkbenchViewModel workbench = connect(server.port());
        awaitOnUi(() -> workbench.stateProperty().get() == ConnectionState.FAILED, "FAILED");
        assertThat(badges).doesNotContain(ConnectionState.LIVE);
        assertThat(uiThread.submit(() -> workbench.connectionProperty().get()).get(10, TimeUnit.SECONDS))
                .contains("rejected the session token");
    }

    @Test
    void aSubscriptionWithNoEventYetIsStillConnecting() throws Exception {
        server = new ScriptedSensorServer(TOKEN, "n", 0);
        WorkbenchViewModel workbench = connect(server.port());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.subscriptions() == 0) {
            assertThat(System.nanoTime()).as("the sensor sees the subscription").isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(500);
        assertThat(uiThread.submit(() -> workbench.stateProperty().get()).get(10, TimeUnit.SECONDS))
                .as("subscribed, nothing received").isEqualTo(ConnectionState.CONNECTING);
        assertThat(badges).doesNotContain(ConnectionState.LIVE);
    }

    @Test
    void aSensorThatStreamsIsLiveOnlyOnceItsEventsArrive() throws Exception {
        server = new ScriptedSensorServer(TOKEN, "n", 5);
        WorkbenchViewModel workbench = connect(server.port());
        awaitOnUi(() -> workbench.stateProperty().get() == ConnectionState.LIVE, "LIVE");
        assertThat(badges).first().isEqualTo(ConnectionState.CONNECTING);
        // The stream says STREAMING on its first event, which the store then holds.
        awaitOnUi(() -> workbench.store().nodeNames().contains("n"), "the sensor's events in the store");
    }
}
