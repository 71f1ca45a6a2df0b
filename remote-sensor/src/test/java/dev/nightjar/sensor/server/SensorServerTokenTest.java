package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.grpc.SensorClient;
import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session token, checked over a real Netty loopback connection. */
class SensorServerTokenTest {

    private ScriptedCollector collector;
    private LoopbackSensor sensor;

    @BeforeEach
    void start() throws Exception {
        collector = ScriptedCollector.running(Feature.FEATURE_FLOWS).onFilter(sink -> sink.publish(TestEvents.flow(7, 1)));
        sensor = LoopbackSensor.start(List.of(collector));
    }

    @AfterEach
    void stop() throws Exception {
        sensor.close();
    }

    @Test
    void aCallWithoutTheTokenIsUnauthenticatedAndNeverReachesTheHandler() {
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(sensor.channel(), SensorService.GET_INFO,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), GetInfoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("missing x-nightjar-token header");
                });

        Iterator<SensorEvent> stream = ClientCalls.blockingServerStreamingCall(sensor.channel(), SensorService.SUBSCRIBE,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), SubscribeRequest.getDefaultInstance());
        assertThatThrownBy(stream::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

        assertThat(collector.filters()).as("the Subscribe handler never ran").isEmpty();
        assertThat(sensor.server().hub().subscriberCount()).isZero();
    }

    @Test
    void aWrongTokenIsUnauthenticatedEvenWithTheRightLength() throws Exception {
        String wrong = "X" + LoopbackSensor.TOKEN.substring(1);
        assertThatThrownBy(() -> new SensorClient(sensor.channel(), wrong).getInfo(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("wrong session token");
                });

        StreamRecorder events = new StreamRecorder();
        new SensorClient(sensor.channel(), wrong).subscribe(SubscribeRequest.getDefaultInstance(), events);
        assertThat(events.awaitEnd(Duration.ofSeconds(5))).isTrue();
        assertThat(Status.fromThrowable(events.error()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(events.events()).isEmpty();
        assertThat(collector.filters()).as("the Subscribe handler never ran").isEmpty();
    }

    @Test
    void theRightTokenGetsData() throws Exception {
        assertThat(sensor.client().getInfo(5, TimeUnit.SECONDS).getNodeName()).isEqualTo(LoopbackSensor.NODE);

        StreamRecorder events = new StreamRecorder();
        var call = sensor.client().subscribe(SubscribeRequest.getDefaultInstance(), events);
        try {
            SensorEvent flow = events.awaitEvent(SensorEvent::hasFlow, Duration.ofSeconds(5));
            assertThat(flow.getFlow().getFlowId()).isEqualTo(7);
            assertThat(collector.filters()).hasSize(1);
        } finally {
            call.cancel("done", null);
        }
    }
}
