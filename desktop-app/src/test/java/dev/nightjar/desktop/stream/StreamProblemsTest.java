package dev.nightjar.desktop.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user reads when the network says no: real sockets, the real gRPC client. */
class StreamProblemsTest {

    @Test
    void aRefusedConnectionIsSaidInWordsNotInTheNetworkLibrarysOwnText() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CopyOnWriteArrayList<StreamState> states = new CopyOnWriteArrayList<>();
        try (SensorStream stream = new SensorStream(() -> new SensorAddress("127.0.0.1", closedPort), "token",
                SubscribeRequest.getDefaultInstance(), new CaptureStore(StoreLimits.uniform(10, 1)), states::add,
                Clock.systemUTC())) {
            stream.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (states.stream().noneMatch(s -> s.phase() == StreamState.Phase.RECONNECTING)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        StreamState refused = states.stream().filter(s -> s.phase() == StreamState.Phase.RECONNECTING)
                .findFirst().orElseThrow();
        assertThat(refused.detail()).contains("cannot reach the sensor at 127.0.0.1:" + closedPort)
                .contains("nothing accepts connections there (connection refused)")
                .doesNotContain("finishConnect").doesNotContain("error(-").doesNotContain("io exception");
    }

    @Test
    void unknownCausesAreNamedByTheirKindWhenTheirTextIsTheLibrarys() {
        assertThat(StreamProblems.inWords(new java.io.IOException("finishConnect(..) failed with error(-999)")))
                .isEqualTo(": the connection failed (IOException)");
        assertThat(StreamProblems.inWords(new java.io.IOException("Connection reset by peer")))
                .isEqualTo(": the other side reset the connection");
        assertThat(StreamProblems.inWords(null)).isEmpty();
    }

    @Test
    void aRequestTheSensorRefusesIsSaidWithItsReasonAndWhatToDo() {
        String said = StreamProblems.describe(io.grpc.Status.INVALID_ARGUMENT.withDescription("security target: line 13,"
                + " spec.kprobes[0].selectors[0].matchActions[0].action: action 'Sigkill' is not in the subset"),
                new SensorAddress("127.0.0.1", 7700));

        assertThat(said).isEqualTo("the sensor at 127.0.0.1:7700 refused what the session asked for (security target:"
                + " line 13, spec.kprobes[0].selectors[0].matchActions[0].action: action 'Sigkill' is not in the"
                + " subset). Fix or drop what it names (a security policy: in the session settings) and start again.");
        assertThat(StreamProblems.retryable(io.grpc.Status.INVALID_ARGUMENT)).as("asking again gets the same answer")
                .isFalse();
    }
}
