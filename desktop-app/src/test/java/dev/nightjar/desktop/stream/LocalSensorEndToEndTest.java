package dev.nightjar.desktop.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.drops.DropReasonCatalog;
import dev.nightjar.desktop.flows.FlowRow;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.ui.drops.DropsViewModel;
import dev.nightjar.desktop.ui.flows.FlowsViewModel;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.testing.KernelTest;
import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desktop against the real sensor: {@code nightjar-sensor.jar serve} started
 * as a process on this machine (root, real kernel), its stream read by the
 * desktop's client into the store, and the Flows and Drops view models looking
 * at real loopback traffic. Needs the sensor jar from the same build; under
 * {@code CI=true} it must run.
 */
@KernelTest
class LocalSensorEndToEndTest {

    private static final int SENT = 10_000;

    private final List<Runnable> uiQueue = new ArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100_000, 4));
    private LocalSensor sensor;
    private SensorStream stream;

    @BeforeEach
    void start() throws Exception {
        Requires.root("start a sensor (it loads eBPF programs)");
        Path jar = Requires.sensorJar();
        sensor = LocalSensor.start(jar, Path.of(System.getProperty("java.home")));
        stream = new SensorStream(sensor::address, sensor.token(), SubscribeRequest.newBuilder()
                .addKinds(EventKind.EVENT_KIND_FLOWS).addKinds(EventKind.EVENT_KIND_DROPS).build(),
                store, state -> { }, Clock.systemUTC());
        stream.start();
        await(() -> !store.nodeNames().isEmpty(), "the sensor's first event");
    }

    @AfterEach
    void stop() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (sensor != null) {
            sensor.close();
            assertThat(sensor.isAlive()).as("sensor process stopped").isFalse();
        }
    }

    @Test
    void realLoopbackTrafficReachesTheFlowsAndDropsViews() throws Exception {
        int serverPort;
        int clientPort;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serverPort = server.getLocalPort();
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
                clientPort = client.getLocalPort();
                client.getOutputStream().write(new byte[SENT]);
            }
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(SENT);
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Socket refused = new Socket()) {
            refused.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort), 2_000);
        } catch (ConnectException expected) {
            // refused: the kernel dropped the SYN with NO_SOCKET and answered with a reset
        }

        try (FlowsViewModel flows = new FlowsViewModel(store, EndpointNamer.ADDRESSES_ONLY, uiQueue::add);
             DropsViewModel drops = new DropsViewModel(store, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY,
                     uiQueue::add)) {
            flows.filterTextProperty().set("to-port=" + serverPort);
            await(() -> {
                pulse();
                return flows.rows().stream().anyMatch(r -> r.closed() && r.source().port() == clientPort
                        && r.bytesSent() >= SENT);
            }, "the closed flow from port " + clientPort + " to " + serverPort);
            FlowRow row = flows.rows().stream().filter(r -> r.source().port() == clientPort && r.side().equals("out"))
                    .findFirst().orElseThrow();
            assertThat(row.bytesSent()).isBetween((long) SENT, SENT + 2L);
            assertThat(row.pid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(flows.rows()).allMatch(r -> r.destination().port() == serverPort);

            await(() -> {
                pulse();
                return drops.groups().stream().anyMatch(g -> g.reason().name().equals("NO_SOCKET")
                        && g.tuples().stream().anyMatch(t -> t.destination().port() == closedPort));
            }, "a NO_SOCKET drop to port " + closedPort);
            var noSocket = drops.groups().stream().filter(g -> g.reason().name().equals("NO_SOCKET")).findFirst().orElseThrow();
            assertThat(noSocket.reason().catalogued()).isTrue();
            assertThat(noSocket.reason().explanation()).isNotBlank();
        }
        assertThat(store.node(store.nodeNames().getFirst()).orElseThrow().size(PayloadKind.FLOW)).isPositive();
    }

    private void pulse() {
        List<Runnable> now = new ArrayList<>(uiQueue);
        uiQueue.clear();
        now.forEach(Runnable::run);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 30 s for " + what);
    }
}
