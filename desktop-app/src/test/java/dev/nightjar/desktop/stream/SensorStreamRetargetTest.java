package dev.nightjar.desktop.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.protocol.grpc.SensorService;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.SecurityHooks;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changing what a live stream receives, over a real loopback gRPC socket: a protocol-2 sensor is
 * asked in place (UpdateSubscription, no new stream), a protocol-1 one is subscribed to again with
 * the new request. The server here is a scripted stand-in (it tests the client, not a sensor).
 */
class SensorStreamRetargetTest {

    private static final long SUBSCRIPTION = 7;
    private static final int REFUSED_PID = 666;
    private static final String REFUSED_POLICY = "security target: line 7, spec.kprobes[0].call: 'security_file_open' needs args";

    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(1_000, 4));
    private final List<SubscribeRequest> subscribed = new CopyOnWriteArrayList<>();
    private final List<UpdateSubscriptionRequest> updated = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<SensorEvent>> streams = new CopyOnWriteArrayList<>();
    private final List<StreamState> states = new CopyOnWriteArrayList<>();
    private Server server;
    private SensorStream stream;

    /** A sensor speaking {@code protocol}: its stream opens with a SensorInfo naming the subscription. */
    private void start(int protocol) throws Exception {
        start(protocol, TraceTargets.DEFAULT.request());
    }

    /** The same, the stream opened with {@code first}; a sensor that refuses every security policy at subscribe. */
    private void start(int protocol, SubscribeRequest first) throws Exception {
        SensorService.Handler handler = new SensorService.Handler() {
            @Override
            public void getInfo(GetInfoRequest request, StreamObserver<SensorInfo> response) {
                // Asked after a change, for the policies now in force.
                response.onNext(SensorInfo.newBuilder().setNodeName("n").setProtocolVersion(protocol)
                        .setSecurityHooks(SecurityHooks.newBuilder().addPolicies("sensitive-kernel-paths")).build());
                response.onCompleted();
            }

            @Override
            public void subscribe(SubscribeRequest request, StreamObserver<SensorEvent> events) {
                subscribed.add(request);
                if (request.getTargets().hasSecurity()) {
                    events.onError(Status.INVALID_ARGUMENT.withDescription(REFUSED_POLICY).asRuntimeException());
                    return;
                }
                streams.add(events);
                SensorInfo.Builder info = SensorInfo.newBuilder().setProtocolVersion(protocol);
                if (protocol >= 2) {
                    info.setSubscriptionId(SUBSCRIPTION);
                }
                events.onNext(SensorEvent.newBuilder().setNode("n").setSequence(1).setInfo(info).build());
            }

            @Override
            public void updateSubscription(UpdateSubscriptionRequest request,
                                           StreamObserver<UpdateSubscriptionResponse> response) {
                if (protocol < 2) {
                    SensorService.Handler.super.updateSubscription(request, response);
                    return;
                }
                updated.add(request);
                if (request.getTargets().getSyscalls().getTasks().getPidsList().contains(REFUSED_PID)) {
                    response.onError(Status.INVALID_ARGUMENT.withDescription("no such process: " + REFUSED_PID)
                            .asRuntimeException());
                    return;
                }
                response.onNext(UpdateSubscriptionResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(SensorService.bind(handler)).build().start();
        stream = new SensorStream(() -> new SensorAddress("127.0.0.1", server.getPort()), "t",
                first, store, states::add, Clock.systemUTC());
        stream.start();
        await(() -> !store.nodeNames().isEmpty(), "the stream's first event");
    }

    @AfterEach
    void stop() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProtocol2SensorIsAskedInPlaceOnTheOpenStream() throws Exception {
        start(2);
        SubscribeRequest next = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("n", 4242, "nginx")).request();

        assertThat(stream.retarget(next)).isEqualTo("the sensor now sends what was chosen");

        assertThat(updated).singleElement().satisfies(u -> {
            assertThat(u.getSubscriptionId()).isEqualTo(SUBSCRIPTION);
            assertThat(u.getTargets()).isEqualTo(next.getTargets());
        });
        assertThat(subscribed).as("no new stream").hasSize(1);
    }

    @Test
    void aProtocol2SensorsRefusalComesBackInWords() throws Exception {
        start(2);
        SubscribeRequest refused = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("n", REFUSED_PID, "x")).request();

        assertThatThrownBy(() -> stream.retarget(refused)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sensor cannot trace that: no such process: " + REFUSED_PID);
        assertThat(subscribed).hasSize(1);
    }

    @Test
    void afterAChangeTheStoreHoldsTheSensorsDescriptionAsItIsNow() throws Exception {
        start(2);
        assertThat(store.node("n").orElseThrow().info().orElseThrow().getSecurityHooks().getPoliciesList()).isEmpty();

        stream.retarget(TraceTargets.DEFAULT.withSecurity(SecurityEvents.DEFAULT_POLICIES).request());

        assertThat(store.node("n").orElseThrow().info().orElseThrow().getSecurityHooks().getPoliciesList())
                .containsExactly("sensitive-kernel-paths");
    }

    @Test
    void aRefusedChangeIsNotAskedForAgainWhenTheStreamReconnects() throws Exception {
        start(2);
        SubscribeRequest first = subscribed.getFirst();
        SubscribeRequest refused = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("n", REFUSED_PID, "x")).request();
        assertThatThrownBy(() -> stream.retarget(refused)).isInstanceOf(IllegalArgumentException.class);

        streams.getFirst().onCompleted(); // the sensor ends the stream: the client subscribes again

        await(() -> subscribed.size() == 2, "the second subscription");
        assertThat(subscribed.get(1)).as("what the stream had before the refusal").isEqualTo(first);
    }

    @Test
    void policiesTheSensorRefusesAtSubscribeCostTheNodeOnlyItsSecurityEventsAndTheConnectionLineSaysWhy() throws Exception {
        SubscribeRequest withPolicies = TraceTargets.DEFAULT.withSecurity(SecurityEvents.DEFAULT_POLICIES).request();
        start(2, withPolicies);

        assertThat(subscribed).hasSize(2);
        assertThat(subscribed.get(0).getTargets().hasSecurity()).isTrue();
        assertThat(subscribed.get(1)).as("the same request without the policies")
                .isEqualTo(withPolicies.toBuilder().setTargets(withPolicies.getTargets().toBuilder().clearSecurity()).build());
        await(() -> !states.isEmpty() && states.getLast().phase() == StreamState.Phase.STREAMING, "streaming");
        assertThat(states).extracting(StreamState::phase).doesNotContain(StreamState.Phase.FAILED);
        assertThat(states.getLast().detail()).contains("without security events").contains(REFUSED_POLICY)
                .contains("Security page");
    }

    @Test
    void aProtocol1SensorIsSubscribedToAgainWithTheNewRequest() throws Exception {
        start(1);
        SubscribeRequest next = TraceTargets.DEFAULT.withSyscalls(TaskChoice.process("n", 4242, "nginx")).request();

        assertThat(stream.retarget(next)).isEqualTo("subscribed again with the new choice");

        await(() -> subscribed.size() == 2, "the second subscription");
        assertThat(subscribed.get(1)).isEqualTo(next);
        assertThat(subscribed.get(1).getFilter().getPidsList()).containsExactly(4242);
        assertThat(updated).isEmpty();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("waited 20 s for " + what);
    }
}
