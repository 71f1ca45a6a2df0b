package dev.nightjar.desktop.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.testing.ScriptedSensorServer;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The desktop's stream client against a gRPC server on a real loopback socket
 * that speaks the sensor service ({@link ScriptedSensorServer}: this tests the
 * client's connection handling, not a sensor).
 */
class SensorStreamTest {

    private static final String TOKEN = "t0ken";
    private static final int EVENTS_PER_STREAM = 50;

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(10_000, 4));
    private final List<StreamState> states = new CopyOnWriteArrayList<>();
    private ScriptedSensorServer server;
    private SensorStream stream;
    private int port;

    private void startServer(int wantedPort, String acceptedToken) throws Exception {
        server = new ScriptedSensorServer(acceptedToken, "n", EVENTS_PER_STREAM, wantedPort);
        port = server.port();
    }

    private void startStream() {
        stream = new SensorStream(() -> new SensorAddress("127.0.0.1", port), TOKEN,
                SubscribeRequest.getDefaultInstance(), store, states::add, Clock.systemUTC());
        stream.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBrokenStreamIsRetriedAndTheGapIsVisible() throws Exception {
        startServer(0, TOKEN);
        startStream();
        awaitState(s -> s.phase() == StreamState.Phase.STREAMING, "streaming");
        awaitDrops(EVENTS_PER_STREAM);

        server.close();
        StreamState reconnecting = awaitState(s -> s.phase() == StreamState.Phase.RECONNECTING, "reconnecting");
        assertThat(reconnecting.detail()).contains("127.0.0.1:" + port).contains("retrying in");

        states.clear();
        startServer(port, TOKEN);
        awaitState(s -> s.phase() == StreamState.Phase.STREAMING, "streaming again");
        awaitDrops(2 * EVENTS_PER_STREAM);
        assertThat(store.node("n").orElseThrow().streamRestarts()).as("the restart is recorded").isEqualTo(1);
        assertThat(server.subscriptions()).as("subscriptions to the restarted server").isPositive();
    }

    @Test
    void aRejectedTokenFailsOnceWithWhatToDo() throws Exception {
        startServer(0, "another-token");
        startStream();
        StreamState failed = awaitState(s -> s.phase() == StreamState.Phase.FAILED, "failed");
        assertThat(failed.detail()).contains("rejected the session token").contains("Check the token file");
        Thread.sleep(1_500);
        assertThat(states).noneMatch(s -> s.phase() == StreamState.Phase.RECONNECTING);
    }

    @Test
    void closingStopsForGoodAndKeepsWhatArrived() throws Exception {
        startServer(0, TOKEN);
        startStream();
        awaitDrops(EVENTS_PER_STREAM);
        stream.close();
        assertThat(states.getLast().phase()).isEqualTo(StreamState.Phase.STOPPED);
        server.close();
        Thread.sleep(800);
        assertThat(states.getLast().phase()).as("no reconnect after close").isEqualTo(StreamState.Phase.STOPPED);
        assertThat(store.node("n").orElseThrow().size(PayloadKind.DROP)).isEqualTo(EVENTS_PER_STREAM);
    }

    private StreamState awaitState(Predicate<StreamState> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (StreamState s : states) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + what + "' state within 15 s; states: " + states);
    }

    private void awaitDrops(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (store.node("n").map(n -> n.size(PayloadKind.DROP)).orElse(0) >= count) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(store.node("n").map(n -> n.size(PayloadKind.DROP)).orElse(0)).isGreaterThanOrEqualTo(count);
    }
}
