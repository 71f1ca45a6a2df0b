package dev.nightjar.protocol.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.GetInfoRequest;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.SensorProto;
import dev.nightjar.protocol.v1.SubscribeRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionRequest;
import dev.nightjar.protocol.v1.UpdateSubscriptionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SensorServiceTest {

    private static final int EVENTS = 5_000;
    private static final String TOKEN = "s3cr3t-token";

    private final AtomicReference<String> tokenSeen = new AtomicReference<>();
    private final AtomicLong produced = new AtomicLong();
    private final CountDownLatch serverSawCancel = new CountDownLatch(1);
    private Server server;
    private ManagedChannel channel;

    /** A test sensor: streams flow updates numbered 0..limit-1, sending only while ready. */
    private final class CountingSensor implements SensorService.Handler {
        @Override
        public void getInfo(GetInfoRequest request, StreamObserver<SensorInfo> response) {
            response.onNext(SensorInfo.newBuilder().setNodeName("node-a").setKernelRelease("6.18").build());
            response.onCompleted();
        }

        @Override
        public void subscribe(SubscribeRequest request, StreamObserver<SensorEvent> events) {
            long limit = request.getFlushIntervalMs() == 0 ? EVENTS : Long.MAX_VALUE;
            var observer = (ServerCallStreamObserver<SensorEvent>) events;
            AtomicReference<FlowControlledSender<SensorEvent>> sender = new AtomicReference<>();
            sender.set(new FlowControlledSender<>(observer, () -> {
                long seq = produced.get();
                if (seq >= limit || seq >= 10_000_000) {
                    sender.get().complete();
                    return null;
                }
                produced.incrementAndGet();
                return flowEvent(seq);
            }, serverSawCancel::countDown));
        }
    }

    static SensorEvent flowEvent(long seq) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1}))
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2}))
                .setSrcPort((int) (40_000 + seq % 20_000)).setDstPort(8080)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        return SensorEvent.newBuilder().setNode("node-a").setSequence(seq).setTimestampNs(1_000_000L * seq)
                .setFlow(FlowUpdate.newBuilder().setFlowId(seq).setTuple(tuple).setBytesSent(seq * 3).build())
                .build();
    }

    private void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor recordToken = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                tokenSeen.set(headers.get(SensorService.TOKEN_HEADER));
                return next.startCall(call, headers);
            }
        };
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(SensorService.bind(new CountingSensor()), recordToken))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void handWrittenDescriptorsMatchTheProtoService() {
        Descriptors.ServiceDescriptor proto = SensorProto.getDescriptor().findServiceByName("Sensor");
        assertThat(proto.getFullName()).isEqualTo(SensorService.SERVICE_NAME);
        assertThat(proto.getMethods()).extracting(Descriptors.MethodDescriptor::getName)
                .containsExactly("GetInfo", "Subscribe", "UpdateSubscription");

        Descriptors.MethodDescriptor getInfo = proto.findMethodByName("GetInfo");
        assertThat(SensorService.GET_INFO.getBareMethodName()).isEqualTo(getInfo.getName());
        assertThat(getInfo.isServerStreaming()).isFalse();
        assertThat(getInfo.getOutputType()).isEqualTo(SensorInfo.getDescriptor());

        Descriptors.MethodDescriptor subscribe = proto.findMethodByName("Subscribe");
        assertThat(SensorService.SUBSCRIBE.getBareMethodName()).isEqualTo(subscribe.getName());
        assertThat(subscribe.isServerStreaming()).isTrue();
        assertThat(subscribe.getInputType()).isEqualTo(SubscribeRequest.getDescriptor());
        assertThat(subscribe.getOutputType()).isEqualTo(SensorEvent.getDescriptor());
        assertThat(SensorService.SUBSCRIBE.getType()).isEqualTo(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING);

        Descriptors.MethodDescriptor update = proto.findMethodByName("UpdateSubscription");
        assertThat(SensorService.UPDATE_SUBSCRIPTION.getBareMethodName()).isEqualTo(update.getName());
        assertThat(update.isServerStreaming()).isFalse();
        assertThat(update.isClientStreaming()).isFalse();
        assertThat(update.getInputType()).isEqualTo(UpdateSubscriptionRequest.getDescriptor());
        assertThat(update.getOutputType()).isEqualTo(UpdateSubscriptionResponse.getDescriptor());
    }

    @Test
    void aHandlerWithoutUpdateSubscriptionAnswersAsAProtocolOneSensor() throws Exception {
        start();
        assertThatThrownBy(() -> new SensorClient(channel, TOKEN).updateSubscription(
                UpdateSubscriptionRequest.newBuilder().setSubscriptionId(1).build(), 5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void getInfoCarriesTheToken() throws Exception {
        start();
        SensorInfo info = new SensorClient(channel, TOKEN).getInfo(5, TimeUnit.SECONDS);
        assertThat(info.getNodeName()).isEqualTo("node-a");
        assertThat(tokenSeen.get()).isEqualTo(TOKEN);
    }

    @Test
    void subscribeStreamsThousandsOfEventsInOrderWithContent() throws Exception {
        start();
        List<SensorEvent> received = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        new SensorClient(channel, TOKEN).subscribe(
                SubscribeRequest.newBuilder().addKinds(EventKind.EVENT_KIND_FLOWS).build(),
                new StreamObserver<>() {
                    @Override public void onNext(SensorEvent value) { received.add(value); }
                    @Override public void onError(Throwable t) { error.set(t); done.countDown(); }
                    @Override public void onCompleted() { done.countDown(); }
                });
        assertThat(done.await(30, TimeUnit.SECONDS)).as("stream completed").isTrue();
        assertThat(error.get()).isNull();
        assertThat(received).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(received.get(i)).isEqualTo(flowEvent(i));
        }
        assertThat(tokenSeen.get()).isEqualTo(TOKEN);
    }

    @Test
    void clientCancelStopsTheServerSide() throws Exception {
        start();
        CountDownLatch hundredReceived = new CountDownLatch(100);
        AtomicReference<ClientCall<SubscribeRequest, SensorEvent>> call = new AtomicReference<>();
        // flush_interval_ms != 0 makes the test sensor stream without end.
        call.set(new SensorClient(channel, TOKEN).subscribe(
                SubscribeRequest.newBuilder().setFlushIntervalMs(1).build(),
                new StreamObserver<>() {
                    @Override public void onNext(SensorEvent value) { hundredReceived.countDown(); }
                    @Override public void onError(Throwable t) { }
                    @Override public void onCompleted() { }
                }));
        assertThat(hundredReceived.await(10, TimeUnit.SECONDS)).isTrue();
        call.get().cancel("user pressed stop", null);

        assertThat(serverSawCancel.await(10, TimeUnit.SECONDS)).as("server saw the cancel").isTrue();
        Thread.sleep(100); // let a drain that was mid-loop at cancel time finish
        long afterCancel = produced.get();
        Thread.sleep(300);
        assertThat(produced.get()).as("server stopped producing").isEqualTo(afterCancel);
        assertThat(afterCancel).isLessThan(10_000_000);
    }
}
